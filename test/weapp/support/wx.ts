// Stand-ins for the wx APIs a test replaces before the app starts (launchApp's `setup`), written
// once: WeChat's own behaviour they play is the same for every page.

/** The callbacks a wx API takes; WeChat calls success and then complete with the same result. */
interface WxCallbacks {
  success?: (result: unknown) => void;
  complete?: (result: unknown) => void;
}

/**
 * wx.requestSubscribeMessage that logs `subscribe:<template ids>` (so a test sees it ran before any
 * call) and answers each template as `answers` says, e.g. { 'local-ticketProgress': 'accept' }.
 */
export function answerSubscriptions(wx: Record<string, unknown>, log: string[], answers: Record<string, 'accept' | 'reject'>): void {
  wx.requestSubscribeMessage = (options: WxCallbacks & { tmplIds: string[] }) => {
    log.push(`subscribe:${options.tmplIds.join(',')}`);
    const result = { errMsg: 'requestSubscribeMessage:ok', ...answers };
    options.success?.(result);
    options.complete?.(result);
  };
}

/**
 * Sync storage that keeps what is set, as the phone's does (miniprogram-simulate's keeps nothing).
 * Values are cloned both ways, like WeChat's. Returns the map, to put in what an earlier visit left.
 */
export function keepStorage(wx: Record<string, unknown>): Map<string, unknown> {
  const storage = new Map<string, unknown>();
  wx.setStorageSync = (key: string, value: unknown) => void storage.set(key, structuredClone(value));
  wx.getStorageSync = (key: string) => (storage.has(key) ? structuredClone(storage.get(key)) : '');
  wx.removeStorageSync = (key: string) => void storage.delete(key);
  return storage;
}
