// Small display helpers shared by pages.
import type { Me, UnitBinding } from '../../types/account';

/** 微信用户 when no name is on file. */
export function displayName(me: Pick<Me, 'profile'>): string {
  return me.profile.name?.trim() || '微信用户';
}

/** An id short enough to read out is shown whole; a long one (a real OPENID is 28) as head…tail. */
export function shortOpenid(openid: string): string {
  return openid.length <= 16 ? openid : `${openid.slice(0, 6)}…${openid.slice(-4)}`;
}

/** Time as shown in lists: 11-24 09:05 in Asia/Shanghai, whatever the device's zone. */
export { shortTime } from './time';

/** The unit a person's home screen is about: the first active binding, else the first one. */
export function primaryUnit(units: UnitBinding[]): UnitBinding | null {
  return units.find((unit) => unit.state === 'active') ?? units[0] ?? null;
}
