// Small display helpers shared by pages.
import type { Me, UnitBinding } from '../../types/account';

/** 微信用户 when no name is on file. */
export function displayName(me: Pick<Me, 'profile'>): string {
  return me.profile.name?.trim() || '微信用户';
}

/** Time as shown in lists: 11-24 09:05 in Asia/Shanghai, whatever the device's zone. */
export { shortTime } from './time';

/** The unit a person's home screen is about: the first active binding, else the first one. */
export function primaryUnit(units: UnitBinding[]): UnitBinding | null {
  return units.find((unit) => unit.state === 'active') ?? units[0] ?? null;
}
