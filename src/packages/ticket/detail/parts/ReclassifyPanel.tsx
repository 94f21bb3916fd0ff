// A steward classes a complaint (投诉分类); a major one's resolution time is the community's own.
import { useState } from 'react';
import { View } from '@tarojs/components';
import type { ComplaintClass } from '../../../../../types/tickets';
import { complaintClassLabels } from '../../../../../types/labels';
import { spanText } from '../../../../../types/sla-text';
import { call } from '../../../../services/cloud';
import { useServiceLevels } from '../../../../utils/levels';
import { FieldError, NoteBox, PanelButtons } from './Fields';
import type { PanelProps } from './types';

const CLASSES: ComplaintClass[] = ['class1', 'class2', 'class3', 'major'];

export default function ReclassifyPanel({ ticket, run, busy, errors, setErrors, close }: PanelProps) {
  const [klass, setKlass] = useState<ComplaintClass | null>(null);
  const [text, setText] = useState('');
  const levels = useServiceLevels(ticket.communityId);
  return (
    <View className="form-block ticket-panel ticket-panel--reclassify">
      <View className="form-block__title">投诉分类</View>
      <View className="choice-row">
        {CLASSES.map((value) => (
          <View
            key={value}
            className={`choice complaint-class--${value} ${klass === value ? 'choice--on' : ''} ${ticket.complaintClass === value ? 'choice--current' : ''}`}
            onClick={() => {
              setKlass(value);
              setErrors({});
            }}
          >
            {complaintClassLabels[value]}
          </View>
        ))}
      </View>
      {klass === 'major' ? (
        <View className="form-block__hint">
          重大投诉将立即通知项目经理
          {levels ? `，处理时限按 ${spanText(levels.tickets.resolve.complaint.major.span)} 重新计算` : ''}。
        </View>
      ) : null}
      {klass === 'class2' ? <View className="form-block__hint">二类投诉由开发商负责维修，管家跟进，逾期书面督促。</View> : null}
      <FieldError text={errors.complaintClass} />
      <NoteBox value={text} onChange={setText} placeholder="分类依据（选填）" maxLength={200} />
      <FieldError text={errors.note ?? errors._} />
      <PanelButtons
        id="ticket-reclassify-submit"
        loading={busy === 'reclassify'}
        onCancel={close}
        onSubmit={() => {
          if (!klass || klass === ticket.complaintClass) {
            setErrors({ complaintClass: '请选择新的分类' });
            return;
          }
          const note = text.trim();
          // `seen`: another steward's change meanwhile is a conflict, not silently overwritten
          void run('reclassify', '已更新分类', () =>
            call('tickets', 'reclassify', { id: ticket.id, complaintClass: klass, seen: ticket.complaintClass, ...(note ? { note } : {}) }),
          );
        }}
      >
        保存分类
      </PanelButtons>
    </View>
  );
}
