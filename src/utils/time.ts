// Times on every page, always in Asia/Shanghai whatever the phone's zone (deadlines, visits and
// pass windows are Shanghai wall-clock times).
export const SHANGHAI_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-11-24 09:05 */
export function fullTime(iso: string): string {
  const at = new Date(Date.parse(iso) + SHANGHAI_MS);
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

/** 11-24 09:05 */
export function shortTime(iso: string): string {
  return fullTime(iso).slice(5);
}

/** 35 分钟, 2 小时 10 分, 3 天 (at least a minute). */
export function span(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} 小时` : `${hours} 小时 ${minutes % 60} 分`;
  return `${Math.floor(hours / 24)} 天`;
}

/** 剩 35 分钟 / 已超时 2 小时 — a queue's "time left" on a deadline. */
export function timeLeft(iso: string, now: number = Date.now()): string {
  const ms = Date.parse(iso) - now;
  return ms >= 0 ? `剩 ${span(ms)}` : `已超时 ${span(-ms)}`;
}

/** 11-24 14:00–18:00, or 11-24 22:00–11-25 02:00 when the window crosses midnight. */
export function windowText(from: string, to: string): string {
  const a = fullTime(from);
  const b = fullTime(to);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a.slice(5)}–${b.slice(11)}` : `${a.slice(5)}–${b.slice(5)}`;
}

/** A wall-clock time picked on a form, meant in Shanghai (where the home is), written +08:00. */
export function shanghaiIso(year: number, month: number, day: number, hour: number, minute: number): string {
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00+08:00`;
}

/**
 * The DatePicker hands back the wall-clock time the person chose as a Date in the phone's zone; it
 * is meant in Shanghai, so its local fields are written with +08:00 rather than converted.
 */
export function pickedIso(picked: Date): string {
  return shanghaiIso(picked.getFullYear(), picked.getMonth() + 1, picked.getDate(), picked.getHours(), picked.getMinutes());
}

/** A Date whose local fields show the Shanghai wall clock of `iso` (for the DatePicker). */
export function pickerDate(iso: string): Date {
  const at = new Date(Date.parse(iso) + SHANGHAI_MS);
  return new Date(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes());
}

/** The Shanghai calendar parts of an instant, for pickers and defaults. */
export function shanghaiParts(ms: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const at = new Date(ms + SHANGHAI_MS);
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate(), hour: at.getUTCHours(), minute: at.getUTCMinutes() };
}

/** YYYY-MM-DD in Shanghai. */
export function shanghaiDay(ms: number): string {
  const p = shanghaiParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}
