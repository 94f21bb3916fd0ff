// The report form's draft, kept on the phone until the server confirms the ticket: a weak network
// loses nothing the owner typed, and the draft's requestId goes with every retry so the server
// makes one ticket however many times the submit is sent (SPEC §10, lessons-from-peers).
import Taro from '@tarojs/taro';
import type { TicketKind, TicketScope } from '../../../../types/tickets';
import { newRequestId } from '../../../services/cloud';

export const DRAFT_KEY = 'guanjia.ticketDraft';

export interface ReportDraft {
  requestId: string;
  kind: TicketKind;
  scope: TicketScope;
  /** 栋-单元-房号 of one of the caller's bound units */
  unit: string;
  communityId: string;
  description: string;
  /** ISO +08:00, or null for 尽快 */
  preferredAt: string | null;
  /** uploaded fileIDs */
  photos: string[];
}

const KINDS: readonly string[] = ['repair', 'warranty', 'complaint', 'suggestion', 'emergency'];
const SCOPES: readonly string[] = ['in_home', 'public_area'];

function isDraft(value: unknown): value is ReportDraft {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  return (
    typeof d.requestId === 'string' &&
    d.requestId !== '' &&
    typeof d.kind === 'string' &&
    KINDS.includes(d.kind) &&
    typeof d.scope === 'string' &&
    SCOPES.includes(d.scope) &&
    typeof d.unit === 'string' &&
    typeof d.communityId === 'string' &&
    typeof d.description === 'string' &&
    (d.preferredAt === null || typeof d.preferredAt === 'string') &&
    Array.isArray(d.photos) &&
    d.photos.every((p) => typeof p === 'string')
  );
}

export function loadDraft(): ReportDraft | null {
  try {
    const stored: unknown = Taro.getStorageSync(DRAFT_KEY);
    return isDraft(stored) ? stored : null;
  } catch {
    return null;
  }
}

export function saveDraft(draft: ReportDraft): void {
  try {
    Taro.setStorageSync(DRAFT_KEY, draft);
  } catch {
    // Storage full or unavailable: the form still works, only the draft is not kept.
  }
}

export function clearDraft(): void {
  try {
    Taro.removeStorageSync(DRAFT_KEY);
  } catch {
    // nothing kept, nothing to clear
  }
}

export function freshDraft(unit: { unit: string; communityId: string } | null, kind: TicketKind = 'repair'): ReportDraft {
  return {
    requestId: newRequestId(),
    kind,
    scope: 'in_home',
    unit: unit?.unit ?? '',
    communityId: unit?.communityId ?? '',
    description: '',
    preferredAt: null,
    photos: [],
  };
}

/** A draft worth offering back: the owner typed or attached something. */
export function hasContent(draft: ReportDraft): boolean {
  return draft.description.trim() !== '' || draft.photos.length > 0;
}
