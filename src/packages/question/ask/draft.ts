// The question being typed, kept on the phone until the server confirms it: a weak network or a
// closed page loses nothing, and the draft's requestId goes with every retry so the server asks
// once however many times it is sent (SPEC §10, lessons-from-peers).
import Taro from '@tarojs/taro';
import type { QuestionCategory } from '../../../../types/questions';
import { questionCategoryLabels } from '../../../../types/labels';

export const QUESTION_DRAFT_KEY = 'guanjia.questionDraft';

export interface QuestionDraft {
  requestId: string;
  communityId: string;
  category: QuestionCategory;
  text: string;
}

function isDraft(value: unknown): value is QuestionDraft {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  return (
    typeof d.requestId === 'string' &&
    d.requestId !== '' &&
    typeof d.communityId === 'string' &&
    typeof d.category === 'string' &&
    d.category in questionCategoryLabels &&
    typeof d.text === 'string'
  );
}

export function loadDraft(): QuestionDraft | null {
  try {
    const stored: unknown = Taro.getStorageSync(QUESTION_DRAFT_KEY);
    return isDraft(stored) ? stored : null;
  } catch {
    return null;
  }
}

export function saveDraft(draft: QuestionDraft): void {
  try {
    Taro.setStorageSync(QUESTION_DRAFT_KEY, draft);
  } catch {
    // Storage full or unavailable: the form still works, only the draft is not kept.
  }
}

export function clearDraft(): void {
  try {
    Taro.removeStorageSync(QUESTION_DRAFT_KEY);
  } catch {
    // nothing kept, nothing to clear
  }
}
