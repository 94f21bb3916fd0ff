// The owner's rating (the online revisit): the app's one rating form; 2 or less reopens the ticket.
import { call } from '../../../../services/cloud';
import RatingForm from '../../../../components/RatingForm';
import type { PanelProps } from './types';

export default function RatePanel({ ticket, run, busy, errors, close }: PanelProps) {
  return (
    <RatingForm
      prefix="ticket"
      lowHint="2 分及以下会重新安排处理。"
      busy={busy === 'rate'}
      error={errors.score ?? errors.comment ?? errors._}
      onCancel={close}
      onSubmit={(score, comment) => void run('rate', '感谢评价', () => call('tickets', 'rate', { id: ticket.id, score, ...(comment ? { comment } : {}) }))}
    />
  );
}
