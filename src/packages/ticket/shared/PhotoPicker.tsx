// Up to nine photos: uploaded as soon as they are chosen (so a submit only sends fileIDs), each
// with its progress, a failed one retried by tapping it, any one removed.
import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, View, Text } from '@tarojs/components';
import { choosePhotos, MAX_PHOTOS, photoUrl, previewPhotos, uploadPhoto, type PickedPhoto } from '../../../services/photos';

interface Uploading {
  key: string;
  photo: PickedPhoto;
  progress: number;
  error: string | null;
}

export default function PhotoPicker({
  value,
  onChange,
  folder,
  onBusyChange,
  disabled = false,
}: {
  /** fileIDs already uploaded */
  value: string[];
  onChange: (fileIDs: string[]) => void;
  folder: string;
  /** true while any upload runs or has failed (the form must not submit without those photos) */
  onBusyChange?: (busy: boolean) => void;
  disabled?: boolean;
}) {
  const [uploading, setUploading] = useState<Uploading[]>([]);
  // The latest value, for uploads that finish after other photos were added or removed.
  const latest = useRef(value);
  latest.current = value;

  useEffect(() => {
    onBusyChange?.(uploading.length > 0);
  }, [uploading.length, onBusyChange]);

  const patch = (key: string, change: Partial<Uploading>) => setUploading((list) => list.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const start = (item: Uploading) => {
    patch(item.key, { progress: 0, error: null });
    uploadPhoto(item.photo, folder, (progress) => patch(item.key, { progress }))
      .then((fileID) => {
        setUploading((list) => list.filter((other) => other.key !== item.key));
        onChange([...latest.current, fileID]);
      })
      .catch((error: unknown) => patch(item.key, { error: error instanceof Error ? error.message : '上传失败' }));
  };

  const add = async () => {
    const room = MAX_PHOTOS - value.length - uploading.length;
    if (room <= 0) return;
    let picked: PickedPhoto[];
    try {
      picked = await choosePhotos(room);
    } catch {
      return; // the person closed the chooser
    }
    const items = picked.map((photo, index) => ({ key: `${Date.now()}-${index}`, photo, progress: 0, error: null }));
    setUploading((list) => [...list, ...items]);
    items.forEach(start);
  };

  const remove = (fileID: string) => onChange(value.filter((other) => other !== fileID));
  const count = value.length + uploading.length;

  return (
    <View className="photo-picker">
      {value.map((fileID) => (
        <View key={fileID} className="photo-picker__item photo-picker__item--done">
          <Image className="photo-picker__image" src={photoUrl(fileID)} mode="aspectFill" onClick={() => previewPhotos(value, fileID)} />
          {disabled ? null : (
            <View className="photo-picker__remove" onClick={() => remove(fileID)}>
              ×
            </View>
          )}
        </View>
      ))}
      {uploading.map((item) => (
        <View
          key={item.key}
          className={`photo-picker__item ${item.error ? 'photo-picker__item--failed' : 'photo-picker__item--uploading'}`}
          onClick={() => {
            if (item.error) start(item);
          }}
        >
          <Image className="photo-picker__image" src={item.photo.preview} mode="aspectFill" />
          <View className="photo-picker__veil">
            <Text>{item.error ? '失败，点此重试' : `${item.progress}%`}</Text>
          </View>
          {item.error ? null : <View className="photo-picker__bar" style={{ width: `${item.progress}%` }} />}
          <View
            className="photo-picker__remove"
            onClick={(event) => {
              event.stopPropagation();
              setUploading((list) => list.filter((other) => other.key !== item.key));
            }}
          >
            ×
          </View>
        </View>
      ))}
      {count < MAX_PHOTOS && !disabled ? (
        <View
          className="photo-picker__add"
          onClick={() => {
            void add().catch(() => Taro.showToast({ title: '无法选择图片', icon: 'none' }));
          }}
        >
          <Text className="photo-picker__plus">+</Text>
          <Text className="photo-picker__count">
            {count}/{MAX_PHOTOS}
          </Text>
        </View>
      ) : null}
    </View>
  );
}
