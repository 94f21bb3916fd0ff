// A steward records a phone or on-site revisit, with the owner's score if given.
import { useState } from 'react';
import { View } from '@tarojs/components';
import type { RevisitMethod } from '../../../../../types/tickets';
import { revisitMethodLabels } from '../../../../../types/labels';
import { call } from '../../../../services/cloud';
import { FieldError, NoteBox, PanelButtons, Stars } from './Fields';
import type { PanelProps } from './types';

const METHODS: RevisitMethod[] = ['phone', 'on_site'];

export default function RevisitPanel({ ticket, run, busy, errors, setErrors, close }: PanelProps) {
  const [method, setMethod] = useState<RevisitMethod>('phone');
  const [score, setScore] = useState(0);
  const [text, setText] = useState('');
  return (
    <View className="form-block ticket-panel ticket-panel--revisit">
      <View className="form-block__title">回访方式</View>
      <View className="choice-row">
        {METHODS.map((value) => (
          <View key={value} className={`choice revisit-method--${value} ${method === value ? 'choice--on' : ''}`} onClick={() => setMethod(value)}>
            {revisitMethodLabels[value]}
          </View>
        ))}
      </View>
      <View className="form-block__title">业主满意度（选填）</View>
      <Stars value={score} onChange={setScore} />
      <NoteBox value={text} onChange={setText} onEdit={() => setErrors({})} placeholder="回访记录：业主的意见、是否满意" maxLength={500} />
      <FieldError text={errors.note ?? errors._} />
      <PanelButtons
        id="ticket-revisit-submit"
        loading={busy === 'revisit'}
        onCancel={close}
        onSubmit={() => {
          const note = text.trim();
          if (!note) {
            setErrors({ note: '请填写回访记录' });
            return;
          }
          void run('revisit', '已记录回访', () => call('tickets', 'revisit', { id: ticket.id, method, note, ...(score > 0 ? { score } : {}) }));
        }}
      >
        保存回访记录
      </PanelButtons>
    </View>
  );
}
