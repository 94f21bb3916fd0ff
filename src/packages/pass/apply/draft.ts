// The pass form's draft, kept on the phone until the server confirms the pass (as the report form
// keeps its own): a refresh or a weak network loses nothing typed, and the draft's requestId goes
// with every retry so the server makes one pass however often the submit is sent (SPEC §10).
import Taro from '@tarojs/taro';
import type { PassReason } from '../../../../types/passes';
import { newRequestId } from '../../../services/cloud';

export const PASS_DRAFT_KEY = 'guanjia.passDraft';

export interface PassDraft {
  requestId: string;
  target: { unit: string; communityId: string } | null;
  reason: PassReason;
  reasonNote: string;
  items: Array<{ name: string; count: string; photos: string[] }>;
  slot: { from: string; to: string };
  carrier: { name: string; phone: string; plate: string };
}

const REASONS: readonly string[] = ['moving_out', 'renovation_waste', 'furniture', 'other'];
const text = (value: unknown): value is string => typeof value === 'string';

function isDraft(value: unknown): value is PassDraft {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  const target = d.target as Record<string, unknown> | null;
  const slot = d.slot as Record<string, unknown> | null;
  const carrier = d.carrier as Record<string, unknown> | null;
  return (
    text(d.requestId) &&
    d.requestId !== '' &&
    (target === null || (typeof target === 'object' && text(target.unit) && text(target.communityId))) &&
    text(d.reason) &&
    REASONS.includes(d.reason) &&
    text(d.reasonNote) &&
    Array.isArray(d.items) &&
    d.items.length > 0 &&
    d.items.every((i: unknown) => {
      const item = i as Record<string, unknown> | null;
      return typeof item === 'object' && item !== null && text(item.name) && text(item.count) && Array.isArray(item.photos) && item.photos.every(text);
    }) &&
    typeof slot === 'object' &&
    slot !== null &&
    text(slot.from) &&
    text(slot.to) &&
    typeof carrier === 'object' &&
    carrier !== null &&
    text(carrier.name) &&
    text(carrier.phone) &&
    text(carrier.plate)
  );
}

export function loadPassDraft(): PassDraft | null {
  try {
    const stored: unknown = Taro.getStorageSync(PASS_DRAFT_KEY);
    return isDraft(stored) ? stored : null;
  } catch {
    return null;
  }
}

export function savePassDraft(draft: PassDraft): void {
  try {
    Taro.setStorageSync(PASS_DRAFT_KEY, draft);
  } catch {
    // Storage full or unavailable: the form still works, only the draft is not kept.
  }
}

export function clearPassDraft(): void {
  try {
    Taro.removeStorageSync(PASS_DRAFT_KEY);
  } catch {
    // nothing kept, nothing to clear
  }
}

export function freshRequestId(): string {
  return newRequestId();
}

/** A draft worth keeping and offering back: the owner typed or attached something. */
export function passDraftHasContent(draft: Pick<PassDraft, 'items' | 'carrier' | 'reasonNote'>): boolean {
  return (
    draft.items.some((i) => i.name.trim() !== '' || i.photos.length > 0) ||
    draft.carrier.name.trim() !== '' ||
    draft.carrier.phone.trim() !== '' ||
    draft.carrier.plate.trim() !== '' ||
    draft.reasonNote.trim() !== ''
  );
}
