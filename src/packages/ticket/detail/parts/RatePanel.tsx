// The owner's rating (the online revisit): 1–5 stars and a comment; 2 or less reopens the ticket.
import { useState } from 'react';
import { View } from '@tarojs/components';
import { call } from '../../../../services/cloud';
import { FieldError, NoteBox, PanelButtons, Stars } from './Fields';
import type { PanelProps } from './types';

export default function RatePanel({ ticket, run, busy, errors, setErrors, close }: PanelProps) {
  const [score, setScore] = useState(0);
  const [text, setText] = useState('');
  return (
    <View className="form-block ticket-panel ticket-panel--rate">
      <View className="form-block__title">为本次服务评分</View>
      <Stars
        value={score}
        onChange={(value) => {
          setScore(value);
          setErrors({});
        }}
      />
      <FieldError text={errors.score} />
      <NoteBox value={text} onChange={setText} placeholder="说说您的感受（选填）" maxLength={200} />
      <FieldError text={errors.comment ?? errors._} />
      {score > 0 && score <= 2 ? <View className="form-block__hint">2 分及以下会重新安排处理。</View> : null}
      <PanelButtons
        id="ticket-rate-submit"
        loading={busy === 'rate'}
        onCancel={close}
        onSubmit={() => {
          if (score === 0) {
            setErrors({ score: '请选择 1–5 星' });
            return;
          }
          void run('rate', '感谢评价', () => call('tickets', 'rate', { id: ticket.id, score, ...(text.trim() ? { comment: text.trim() } : {}) }));
        }}
      >
        提交评价
      </PanelButtons>
    </View>
  );
}
