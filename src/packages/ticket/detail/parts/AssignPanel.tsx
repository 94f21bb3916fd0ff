// A steward or lead hands the ticket to someone of the community (engineers first).
import { useState } from 'react';
import { View } from '@tarojs/components';
import type { AssignableStaff } from '../../../../../types/tickets';
import { roleLabels } from '../../../../../types/labels';
import { ErrorState, LoadingState } from '../../../../components/PageState';
import { useRemote } from '../../../../hooks/useRemote';
import { call } from '../../../../services/cloud';
import { FieldError, PanelButtons } from './Fields';
import type { PanelProps } from './types';

function StaffPicker({ communityId, value, onChange }: { communityId: string; value: string; onChange: (openid: string) => void }) {
  const staff = useRemote(() => call('tickets', 'staffList', { communityId }), [communityId]);
  if (staff.status === 'loading' && !staff.data) return <LoadingState text="加载人员…" />;
  if (staff.status === 'error' && !staff.data) return <ErrorState message={staff.error} onRetry={() => void staff.reload()} />;
  const people: AssignableStaff[] = staff.data?.staff ?? [];
  // Engineers first: most tickets go to the maintenance team.
  const ordered = [...people].sort((a, b) => Number(b.role === 'engineer') - Number(a.role === 'engineer'));
  return (
    <View className="choice-row">
      {ordered.map((person) => (
        <View key={person.openid} className={`choice assign-person ${value === person.openid ? 'choice--on' : ''}`} onClick={() => onChange(person.openid)}>
          {person.name} · {roleLabels[person.role]}
        </View>
      ))}
    </View>
  );
}

export default function AssignPanel({ ticket, run, busy, errors, setErrors, close }: PanelProps) {
  const [assignee, setAssignee] = useState(ticket.assignee ?? '');
  return (
    <View className="form-block ticket-panel ticket-panel--assign">
      <View className="form-block__title">派单给</View>
      <StaffPicker
        communityId={ticket.communityId}
        value={assignee}
        onChange={(openid) => {
          setAssignee(openid);
          setErrors({});
        }}
      />
      <FieldError text={errors.assignee ?? errors._} />
      <PanelButtons
        id="ticket-assign-submit"
        loading={busy === 'assign'}
        onCancel={close}
        onSubmit={() => {
          if (!assignee.trim()) {
            setErrors({ assignee: '请选择处理人' });
            return;
          }
          void run('assign', '已派单', () => call('tickets', 'assign', { id: ticket.id, assignee }));
        }}
      >
        确定派单
      </PanelButtons>
    </View>
  );
}
