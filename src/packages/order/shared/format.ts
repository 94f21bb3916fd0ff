// Money and visit times on order pages. Money travels as integer fen; people read 元. Times are
// Asia/Shanghai whatever the phone's zone (the shared helpers are in src/utils/time.ts).
import type { OrderSummary, Pricing } from '../../../../types/orders';
import { SHANGHAI_MS } from '../../../utils/time';

/** 50 元, 0.50 元 */
export function yuan(fen: number): string {
  return `${fen % 100 === 0 ? fen / 100 : (fen / 100).toFixed(2)} 元`;
}

/** 5 元/个, 30–80 元/次, 免费 */
export function priceText(pricing: Pricing, priceUnit: string): string {
  if (pricing.kind === 'fixed') return pricing.priceFen === 0 ? '免费' : `${yuan(pricing.priceFen)}/${priceUnit}`;
  return `${yuan(pricing.minFen).replace(' 元', '')}–${yuan(pricing.maxFen)}/${priceUnit}`;
}

/** What the owner will pay: the amount once known, else the range to be quoted in. */
export function amountText(order: Pick<OrderSummary, 'amountFen' | 'quote' | 'item'>): string {
  if (order.amountFen !== null) return order.amountFen === 0 ? '免费' : yuan(order.amountFen);
  if (order.quote) return `${yuan(order.quote.minFen).replace(' 元', '')}–${yuan(order.quote.maxFen)}（上门后报价）`;
  return '待报价';
}

/** 12.5 → 1250; null for anything that is not a price in 元 with at most 2 decimals */
export function fenOf(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(trimmed)) return null;
  return Math.round(Number(trimmed) * 100);
}

/**
 * A first suggestion for a visit: the next whole half hour at least `hours` from now, moved to
 * 09:00 when it would fall at night (before 08:00 or after 20:00 in Shanghai). ISO +08:00.
 */
export function suggestedTime(hours: number, now = Date.now()): string {
  const step = 30 * 60_000;
  let wall = Math.ceil((now + hours * 3600_000) / step) * step + SHANGHAI_MS;
  const hour = new Date(wall).getUTCHours();
  if (hour < 8 || hour >= 20) {
    const day = Math.floor(wall / 86_400_000) * 86_400_000;
    wall = (hour < 8 ? day : day + 86_400_000) + 9 * 3600_000;
  }
  return new Date(wall).toISOString().slice(0, 16).concat(':00+08:00');
}
