// Photos for a ticket or a pass: chosen, compressed before upload (owners' phones take 4–12 MB
// pictures and property Wi-Fi is weak), uploaded with progress, then referred to by their cloud fileID.
// weapp: chooseMedia → compressImage → wx.cloud.uploadFile; h5 (the local demo): a file input →
// canvas JPEG → the local cloud's POST /api/upload.
import Taro from '@tarojs/taro';

export const MAX_PHOTOS = 9;

/** A picture chosen on the phone, ready to upload. */
export interface PickedPhoto {
  /** something an <Image> can show before the upload ends */
  preview: string;
  /** weapp: the temp file path; h5: the browser File */
  source: string | File;
}

/** Longest side after compression in h5; WeChat's compressImage keeps the size and lowers quality. */
const MAX_SIDE = 1600;

export async function choosePhotos(count: number): Promise<PickedPhoto[]> {
  if (count <= 0) return [];
  if (process.env.TARO_ENV === 'weapp') {
    const chosen = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    const picked: PickedPhoto[] = [];
    for (const file of chosen.tempFiles.slice(0, count)) {
      let path = file.tempFilePath;
      try {
        path = (await Taro.compressImage({ src: file.tempFilePath, quality: 60 })).tempFilePath;
      } catch {
        // Some formats (e.g. a GIF) cannot be compressed; the chosen file, already 'compressed', goes.
      }
      picked.push({ preview: path, source: path });
    }
    return picked;
  }
  const chosen = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
  return chosen.tempFiles.slice(0, count).flatMap((file) => (file.originalFileObj ? [{ preview: file.path, source: file.originalFileObj }] : []));
}

/** h5: redraws the picture as a JPEG no larger than MAX_SIDE on its longest side. */
async function compressInBrowser(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas.getContext('2d');
  if (!context) return file;
  // JPEG has no transparency: a white ground instead of black behind transparent PNG areas.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.7));
  return blob && blob.size < file.size ? blob : file;
}

/** Uploads one picture; `onProgress` gets 0–100. Resolves with the cloud fileID. */
export async function uploadPhoto(photo: PickedPhoto, folder: string, onProgress: (percent: number) => void): Promise<string> {
  const name = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.jpg`;
  if (process.env.TARO_ENV === 'weapp') {
    const filePath = typeof photo.source === 'string' ? photo.source : photo.preview;
    return new Promise<string>((resolve, reject) => {
      // With callbacks uploadFile returns its task, which is the only way to see progress.
      const task = Taro.cloud.uploadFile({
        cloudPath: `${folder}/${name}`,
        filePath,
        success: (result) => resolve(result.fileID),
        fail: () => reject(new Error('上传失败，请重试')),
      });
      task?.onProgressUpdate?.((update) => onProgress(update.progress));
    });
  }
  if (typeof photo.source === 'string') throw new Error('上传失败，请重新选择图片');
  const body = await compressInBrowser(photo.source);
  return new Promise<string>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `${LOCAL_CLOUD_URL}/api/upload?folder=${encodeURIComponent(folder)}&name=${name}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () => {
      try {
        const reply = JSON.parse(request.responseText) as { fileID?: unknown };
        if (request.status === 200 && typeof reply.fileID === 'string') {
          onProgress(100);
          resolve(reply.fileID);
          return;
        }
      } catch {
        // fall through to the failure below
      }
      reject(new Error('上传失败，请重试'));
    };
    request.onerror = () => reject(new Error('网络不稳定，上传失败，请重试'));
    request.send(body);
  });
}

/** What an <Image src> takes for a stored photo: WeChat shows cloud:// ids itself. */
export function photoUrl(fileID: string): string {
  if (process.env.TARO_ENV === 'weapp') return fileID;
  return `${LOCAL_CLOUD_URL}/api/file?id=${encodeURIComponent(fileID)}`;
}

export function previewPhotos(fileIDs: string[], current: string): void {
  const urls = fileIDs.map(photoUrl);
  void Taro.previewImage({ urls, current: photoUrl(current) });
}
