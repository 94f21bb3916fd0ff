// A reason, then the transition: the owner's (or a steward's) reopen, a steward's reject.
import { useState } from 'react';
import { View } from '@tarojs/components';
import { call } from '../../../../services/cloud';
import { FieldError, NoteBox, PanelButtons } from './Fields';
import type { PanelProps } from './types';

export default function ReasonPanel({ command, ticket, run, busy, errors, setErrors, close }: PanelProps & { command: 'reopen' | 'reject' }) {
  const [text, setText] = useState('');
  return (
    <View className={`form-block ticket-panel ticket-panel--${command}`}>
      <View className="form-block__title">{command === 'reopen' ? '重新处理的原因' : '驳回原因（业主会看到）'}</View>
      <NoteBox value={text} onChange={setText} onEdit={() => setErrors({})} placeholder="请填写原因" maxLength={200} />
      <FieldError text={errors.reason ?? errors._} />
      <PanelButtons
        id={`ticket-${command}-submit`}
        type={command === 'reject' ? 'danger' : 'primary'}
        loading={busy === command}
        onCancel={close}
        onSubmit={() => {
          const reason = text.trim();
          if (!reason) {
            setErrors({ reason: '请填写原因' });
            return;
          }
          void (command === 'reopen'
            ? run('reopen', '已提交', () => call('tickets', 'reopen', { id: ticket.id, reason }))
            : run('reject', '已驳回', () => call('tickets', 'reject', { id: ticket.id, reason })));
        }}
      >
        确定
      </PanelButtons>
    </View>
  );
}
