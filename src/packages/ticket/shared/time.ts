// Times on ticket pages, always in Asia/Shanghai whatever the phone's zone (the deadlines are).
const SHANGHAI_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

function shanghai(iso: string): Date {
  return new Date(Date.parse(iso) + SHANGHAI_MS);
}

/** 2026-11-24 09:05 */
export function fullTime(iso: string): string {
  const at = shanghai(iso);
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

/** 11-24 09:05 */
export function shortTime(iso: string): string {
  return fullTime(iso).slice(5);
}

function span(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} 小时` : `${hours} 小时 ${minutes % 60} 分`;
  return `${Math.floor(hours / 24)} 天`;
}

/** 剩 35 分钟 / 已超时 2 小时 — the queue's "time left" on a deadline. */
export function timeLeft(iso: string, now: number = Date.now()): string {
  const ms = Date.parse(iso) - now;
  return ms >= 0 ? `剩 ${span(ms)}` : `已超时 ${span(-ms)}`;
}

/**
 * The DatePicker hands back the wall-clock time the person chose; it is meant in Shanghai (where
 * the home is), so it is written with +08:00 rather than converted from the phone's zone.
 */
export function shanghaiIso(picked: Date): string {
  return `${picked.getFullYear()}-${pad(picked.getMonth() + 1)}-${pad(picked.getDate())}T${pad(picked.getHours())}:${pad(picked.getMinutes())}:00+08:00`;
}
