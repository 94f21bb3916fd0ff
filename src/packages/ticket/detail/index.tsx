// One ticket: its facts, clocks and outcome (parts/Facts.tsx), the action bar of what the caller
// may do now (parts/ActionBar.tsx, from the ticket's `allowed`), the panel of the command being
// filled in (parts/*Panel.tsx), and the timeline. This page only holds which panel is open and
// runs the transition: every reply's ticket replaces the shown one; a lost race reloads.
import { useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Me } from '../../../../types/account';
import type { Ticket, TicketCommand } from '../../../../types/tickets';
import SessionGate from '../../../components/SessionGate';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { act, CONFLICT_MESSAGE } from '../shared/act';
import { Deadlines, Timeline } from '../shared/TicketParts';
import ActionBar, { type PanelCommand } from './parts/ActionBar';
import AssignPanel from './parts/AssignPanel';
import { TicketFacts, TicketOutcome } from './parts/Facts';
import RatePanel from './parts/RatePanel';
import ReasonPanel from './parts/ReasonPanel';
import ReclassifyPanel from './parts/ReclassifyPanel';
import ResolvePanel from './parts/ResolvePanel';
import RevisitPanel from './parts/RevisitPanel';
import type { PanelProps, Run } from './parts/types';
import '../shared/ticket.scss';
import './index.scss';

function Panel({ command, ...props }: PanelProps & { command: PanelCommand }) {
  switch (command) {
    case 'rate':
      return <RatePanel {...props} />;
    case 'reopen':
    case 'reject':
      return <ReasonPanel key={command} command={command} {...props} />;
    case 'reclassify':
      return <ReclassifyPanel {...props} />;
    case 'assign':
      return <AssignPanel {...props} />;
    case 'resolve':
      return <ResolvePanel {...props} />;
    case 'revisit':
      return <RevisitPanel {...props} />;
  }
}

function TicketView({ me, id }: { me: Me; id: string }) {
  const remote = useRemote(() => call('tickets', 'get', { id }), [id]);
  const [fresh, setFresh] = useState<Ticket | null>(null);
  const [panel, setPanel] = useState<PanelCommand | null>(null);
  const [busy, setBusy] = useState<TicketCommand | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);

  const reload = async () => {
    setFresh(null);
    await remote.reload();
  };
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));

  const ticket = fresh ?? remote.data?.ticket ?? null;
  if (!ticket && remote.status === 'error') return <ErrorState message={remote.error} onRetry={() => void reload()} />;
  if (!ticket) return <LoadingState />;

  // Staff see the reporter, phone and calendar warnings; the server already decides what they may do.
  const staff = me.isStaff;
  const now = Date.now();

  const open = (next: PanelCommand) => {
    setPanel(next);
    setErrors({});
  };

  const run: Run = async (command, done, request) => {
    if (busy) return;
    setBusy(command);
    setConflict(false);
    const outcome = await act(request, done, async () => {
      setFresh(null);
      await remote.reload();
    });
    setBusy(null);
    if (outcome.ok) {
      setFresh(outcome.ticket);
      setPanel(null);
    } else {
      setConflict(outcome.conflict);
      if (outcome.conflict) setPanel(null);
      setErrors(outcome.fields);
    }
  };

  return (
    <View className="page ticket-detail">
      {conflict ? <View className="ticket-warning ticket-conflict">{CONFLICT_MESSAGE}</View> : null}
      <TicketFacts ticket={ticket} staff={staff} />

      {staff && ticket.calendarWarning ? <View className="ticket-warning ticket-calendar-warning">⚠ {ticket.calendarWarning}</View> : null}

      <View className="section-title">服务时限</View>
      <View className="card">
        <Deadlines ticket={ticket} now={now} />
      </View>

      <TicketOutcome ticket={ticket} />

      {panel === null ? (
        <ActionBar ticket={ticket} staff={staff} busy={busy} run={run} open={open} />
      ) : (
        <Panel command={panel} ticket={ticket} run={run} busy={busy} errors={errors} setErrors={setErrors} close={() => setPanel(null)} />
      )}

      <View className="section-title">处理进度</View>
      <View className="card">
        <Timeline ticket={ticket} />
      </View>

      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function TicketDetailPage() {
  const router = useRouter();
  const id = router.params.id ?? '';
  return <SessionGate>{(me) => (id ? <TicketView me={me} id={id} /> : <ErrorState message="缺少工单编号" onRetry={goBack} />)}</SessionGate>;
}
