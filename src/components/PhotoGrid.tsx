// Read-only thumbnails of a ticket's or a pass's photos; a tap opens the viewer. The look is the
// photo-picker rules (src/styles/_parts.scss), which each subpackage that shows photos includes.
import { Image, View } from '@tarojs/components';
import { photoUrl, previewPhotos } from '../services/photos';

export function PhotoGrid({ fileIDs }: { fileIDs: string[] }) {
  if (fileIDs.length === 0) return null;
  return (
    <View className="photo-picker">
      {fileIDs.map((fileID) => (
        <View key={fileID} className="photo-picker__item">
          <Image className="photo-picker__image" src={photoUrl(fileID)} mode="aspectFill" onClick={() => previewPhotos(fileIDs, fileID)} />
        </View>
      ))}
    </View>
  );
}
