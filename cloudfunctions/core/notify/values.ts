// WeChat's value rules for subscription message keywords (订阅消息参数值内容限制). A value that
// breaks them makes the send fail (47003), so values are fitted before sending and the rules are
// checked by tests against every template mapping.
import type { WechatValueType } from '../../../config/subscriptions';
import { chineseDate, chineseDateTime } from '../time';

export type FieldValue = string | number | Date;

const chars = (value: string): string[] => Array.from(value);

function truncate(value: string, max: number): string {
  const list = chars(value);
  return list.length <= max ? value : `${list.slice(0, max - 1).join('')}…`;
}

export function typeOfKey(key: string): WechatValueType {
  const match = /^(thing|number|letter|symbol|character_string|time|date|amount|phone_number|car_number|name|phrase)\d+$/.exec(key);
  if (!match) throw new Error(`not a WeChat keyword key: ${key}`);
  return match[1] as WechatValueType;
}

/** Turns a semantic value into text WeChat accepts for the keyword type (truncating where allowed). */
export function fitValue(type: WechatValueType, value: FieldValue): string {
  switch (type) {
    case 'time':
      return value instanceof Date ? chineseDateTime(value) : String(value);
    case 'date':
      return value instanceof Date ? chineseDate(value) : String(value);
    case 'amount':
      // amounts travel as integer fen
      return typeof value === 'number' ? `¥${(value / 100).toFixed(2)}` : String(value);
    case 'thing':
      return truncate(String(value).replace(/\s+/g, ' ').trim() || '-', 20);
    case 'phrase':
      return truncate(String(value), 5);
    case 'name':
      return truncate(String(value), 10);
    case 'character_string':
    case 'number':
    case 'letter':
      return truncate(String(value), 32);
    case 'phone_number':
      return truncate(String(value), 17);
    case 'car_number':
      return truncate(String(value), 8);
    case 'symbol':
      return truncate(String(value), 5);
  }
}

/** Why WeChat would refuse `value` for the type, or null when it is acceptable. */
export function valueProblem(type: WechatValueType, value: string): string | null {
  const length = chars(value).length;
  const rules: Record<WechatValueType, [RegExp, number]> = {
    thing: [/^[^\n]+$/u, 20],
    number: [/^-?\d+(\.\d+)?$/, 32],
    letter: [/^[A-Za-z]+$/, 32],
    symbol: [/^[^A-Za-z0-9\u4e00-\u9fa5\s]+$/u, 5],
    character_string: [/^[A-Za-z0-9\-_.:/#@+*=,;!?()[\]{}~^$%&|<>'"`\\ ]+$/, 32],
    time: [/^(\d{4}年\d{1,2}月\d{1,2}日 )?\d{2}:\d{2}$/, 100],
    date: [/^\d{4}年\d{1,2}月\d{1,2}日( \d{2}:\d{2})?$/, 100],
    amount: [/^[¥$€£]?\d{1,10}(\.\d{1,2})?元?$/, 100],
    phone_number: [/^[\d+\-() ]+$/, 17],
    car_number: [/^[\u4e00-\u9fa5A-Z0-9]+$/u, 8],
    name: [/^([\u4e00-\u9fa5·]{1,10}|[A-Za-z ]{1,20})$/u, 20],
    phrase: [/^[\u4e00-\u9fa5]+$/u, 5],
  };
  const [pattern, max] = rules[type];
  if (length === 0) return 'empty';
  if (length > max) return `longer than ${max} characters`;
  if (!pattern.test(value)) return `not a valid ${type} value`;
  return null;
}
