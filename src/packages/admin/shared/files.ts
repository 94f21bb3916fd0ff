// The import sheet's way into cloud storage, and the template's way out. weapp: a file from a chat
// (chooseMessageFile) → wx.cloud.uploadFile; the template downloaded and opened by WeChat's viewer.
// h5 (the local demo): a file input → the local cloud's POST /api/upload; the template as a link.
import Taro from '@tarojs/taro';
import { call, CloudError } from '../../../services/cloud';

export interface ChosenSheet {
  fileID: string;
  name: string;
}

function pickInBrowser(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    input.className = 'admin-file-input';
    input.style.display = 'none';
    input.onchange = () => {
      resolve(input.files?.[0] ?? null);
      input.remove();
    };
    document.body.appendChild(input);
    input.click();
  });
}

/** Lets the manager pick an .xlsx and uploads it; null when they cancel. */
export async function chooseSheet(): Promise<ChosenSheet | null> {
  if (process.env.TARO_ENV === 'weapp') {
    let picked: Taro.chooseMessageFile.SuccessCallbackResult;
    try {
      picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    } catch {
      return null;
    }
    const file = picked.tempFiles[0];
    if (!file) return null;
    const { fileID } = await Taro.cloud.uploadFile({ cloudPath: `imports/${Date.now().toString(36)}.xlsx`, filePath: file.path });
    return { fileID, name: file.name };
  }
  const file = await pickInBrowser();
  if (!file) return null;
  const response = await fetch(`${LOCAL_CLOUD_URL}/api/upload?folder=imports&name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file });
  const body = (await response.json()) as { fileID?: string };
  if (!body.fileID) throw new CloudError('NETWORK', '上传失败，请重试');
  return { fileID: body.fileID, name: file.name };
}

/** Fetches the template and hands it to the person (WeChat's document viewer, or a download). */
export async function saveTemplate(): Promise<void> {
  const { url } = await call('admin', 'importTemplate', {});
  if (process.env.TARO_ENV === 'weapp') {
    const { tempFilePath } = await Taro.downloadFile({ url });
    await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true });
    return;
  }
  window.open(url, '_blank');
}
