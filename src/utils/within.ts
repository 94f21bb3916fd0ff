// Kept apart from levels.ts (which reads the session) so plain modules such as src/entries.ts can
// phrase service times without pulling in Taro.
import type { SlaSpan } from '../../types/sla';
import { withinText } from '../../types/sla-text';

/**
 * A deadline after Chinese text: ` 1 小时内` with the space the pages put before a figure, `当天内`
 * without one (小修当天内修复, 大修 3 天内完成).
 */
export function within(span: SlaSpan): string {
  return 'amount' in span ? ` ${withinText(span)}` : withinText(span);
}
