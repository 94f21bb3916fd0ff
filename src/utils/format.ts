// Small display helpers shared by pages.
import type { Me, UnitBinding } from '../../types/account';

/** 微信用户 when no name is on file; the openid is shortened so a person can quote it to staff. */
export function displayName(me: Pick<Me, 'profile'>): string {
  return me.profile.name?.trim() || '微信用户';
}

export function shortOpenid(openid: string): string {
  return openid.length <= 10 ? openid : `${openid.slice(0, 4)}…${openid.slice(-4)}`;
}

/** Time as shown in lists: 11-24 09:05 in Asia/Shanghai, whatever the device's zone. */
export function shortTime(iso: string): string {
  const at = new Date(Date.parse(iso) + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

/** The unit a person's home screen is about: the first active binding, else the first one. */
export function primaryUnit(units: UnitBinding[]): UnitBinding | null {
  return units.find((unit) => unit.state === 'active') ?? units[0] ?? null;
}
