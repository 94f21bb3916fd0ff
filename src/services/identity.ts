// h5 only: who the local cloud should treat as the caller (header x-openid). In WeChat the caller
// is the OPENID WeChat attaches to the call, so none of this is used in the weapp build.
const KEY = 'guanjia.localOpenid';

export interface LocalPerson {
  openid: string;
  name: string;
  label: string;
}

export function currentIdentity(): string | null {
  if (process.env.TARO_ENV !== 'h5') return null;
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null; // storage disabled (private mode): behave as if nobody was chosen
  }
}

export function setIdentity(openid: string): void {
  if (process.env.TARO_ENV !== 'h5') return;
  window.localStorage.setItem(KEY, openid);
}
