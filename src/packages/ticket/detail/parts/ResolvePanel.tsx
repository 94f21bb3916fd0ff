// The worker records what was done, with site photos: the ticket is resolved.
import { useState } from 'react';
import { View } from '@tarojs/components';
import { call } from '../../../../services/cloud';
import PhotoPicker from '../../shared/PhotoPicker';
import { FieldError, NoteBox, PanelButtons } from './Fields';
import type { PanelProps } from './types';

export default function ResolvePanel({ ticket, run, busy, errors, setErrors, close }: PanelProps) {
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [photosBusy, setPhotosBusy] = useState(false);
  return (
    <View className="form-block ticket-panel ticket-panel--resolve">
      <View className="form-block__title">处理结果</View>
      <NoteBox value={text} onChange={setText} onEdit={() => setErrors({})} placeholder="处理了什么、用了什么材料、是否需要再次上门" maxLength={500} />
      <FieldError text={errors.note} />
      <View className="form-block__title">现场照片（选填）</View>
      <PhotoPicker value={photos} onChange={setPhotos} folder="tickets" onBusyChange={setPhotosBusy} />
      <FieldError text={errors.photos ?? errors._} />
      <PanelButtons
        id="ticket-resolve-submit"
        loading={busy === 'resolve'}
        onCancel={close}
        onSubmit={() => {
          const note = text.trim();
          if (!note) {
            setErrors({ note: '请填写处理结果' });
            return;
          }
          if (photosBusy) {
            setErrors({ photos: '图片还在上传，或有上传失败的图片' });
            return;
          }
          void run('resolve', '已处理完成', () => call('tickets', 'resolve', { id: ticket.id, note, ...(photos.length > 0 ? { photos } : {}) }));
        }}
      >
        确认处理完成
      </PanelButtons>
    </View>
  );
}
