// Greeting texts: the product's defaults per occasion, and rendering with the placeholders
// ({name}, {community}, {occasion}). Pure.
import type { FixedOccasion } from '../../../types/greetings';
import { occasionLabels } from '../../../types/labels';

export const DEFAULT_TEXTS: Record<FixedOccasion, string> = {
  birthday: '亲爱的{name}，今天是您的生日！{community}管家团队祝您生日快乐，身体健康，万事如意！',
  newYear: '{name}，新年好！{community}管家团队祝您元旦快乐，新的一年平安顺遂！',
  springFestival: '{name}，新春快乐！{community}管家团队给您拜年了，祝您阖家幸福、万事如意！',
  lantern: '{name}，元宵节快乐！{community}管家团队祝您阖家团圆、幸福美满！',
  dragonBoat: '{name}，端午安康！{community}管家团队祝您和家人健康平安！',
  midAutumn: '{name}，中秋快乐！{community}管家团队祝您花好月圆、阖家团圆！',
  nationalDay: '{name}，国庆快乐！{community}管家团队祝您假期愉快、出行平安！',
};

export const DEFAULT_CUSTOM_TEXT = '{name}，{community}管家团队祝您{occasion}快乐！';

/** How an owner without a name on file is addressed. */
export const FALLBACK_NAME = '业主';

/** The inbox title of a greeting. */
export function greetingTitle(occasionName: string, isBirthday: boolean): string {
  return isBirthday ? '生日祝福' : `${occasionName}问候`;
}

export function occasionName(occasion: FixedOccasion | string, customName: string | null): string {
  return (occasionLabels as Record<string, string>)[occasion] ?? customName ?? '节日';
}

export interface RenderValues {
  name: string | null;
  community: string;
  occasion: string;
}

export function renderText(text: string, values: RenderValues): string {
  const name = values.name?.trim() || FALLBACK_NAME;
  return text
    .replace(/\{name\}/g, name)
    .replace(/\{community\}/g, values.community)
    .replace(/\{occasion\}/g, values.occasion);
}
