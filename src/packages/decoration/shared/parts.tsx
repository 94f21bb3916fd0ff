// The parts every decoration page shows: the card in a list, the facts of one application, its
// notices, acceptances and settlement, and its timeline.
import { Text, View } from '@tarojs/components';
import { checkItemLabels, decorationStateLabels, type Decoration, type DecorationSummary } from '../../../../types/decoration';
import { fullTime, shortTime } from '../../../utils/time';

export const yuan = (fen: number) => (fen / 100).toFixed(2);

const TONE: Partial<Record<DecorationSummary['state'], string>> = {
  applied: 'waiting',
  approved: 'waiting',
  completion_requested: 'waiting',
  initial_accepted: 'waiting',
  final_accepted: 'waiting',
  permitted: 'working',
  in_progress: 'working',
  settled: 'working',
  closed: 'done',
  suspended: 'stopped',
  rejected: 'stopped',
  cancelled: 'stopped',
};

export function StateTag({ d }: { d: Pick<DecorationSummary, 'state'> }) {
  return <Text className={`decoration-state decoration-state--${TONE[d.state] ?? 'waiting'}`}>{decorationStateLabels[d.state]}</Text>;
}

export function DecorationCard({ d, onOpen, children }: { d: DecorationSummary; onOpen: () => void; children?: React.ReactNode }) {
  const open = d.notices.filter((n) => n.state === 'open').length;
  const tone = d.state === 'in_progress' && !d.inspectedToday ? 'near' : open > 0 ? 'near' : 'ok';
  return (
    <View className={`decoration-card decoration-card--${tone}`} id={`decoration-${d.id}`}>
      <View onClick={onOpen}>
        <View className="decoration-card__head">
          <Text className="decoration-card__title">装修 · {d.unit}</Text>
          <StateTag d={d} />
        </View>
        <View className="decoration-card__desc">{d.scope}</View>
        <View className="decoration-card__line">
          {d.no} · {d.contractor.company} · {d.plannedStart} 至 {d.plannedEnd}
        </View>
        {d.state === 'in_progress' ? (
          <View className={`decoration-card__line ${d.inspectedToday ? 'due--ok' : 'due--near'}`}>{d.inspectedToday ? '今日已巡查' : '今日未巡查'}</View>
        ) : null}
        {open > 0 ? <View className="decoration-card__line due--near">待整改 {open} 项通知</View> : null}
      </View>
      {children}
    </View>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <View className="decoration-row">
      <Text className="decoration-row__label">{label}：</Text>
      <Text>{children}</Text>
    </View>
  );
}

export function Facts({ d }: { d: DecorationSummary }) {
  return (
    <View className="card decoration-facts">
      <View className="decoration-card__head">
        <Text className="decoration-card__title">装修 · {d.unit}</Text>
        <StateTag d={d} />
      </View>
      <Row label="编号">{d.no}</Row>
      <Row label="申请人">{`${d.applicantRole === 'owner' ? '业主' : '受托人（住户）'} ${d.applicantName ?? ''}`}</Row>
      <Row label="施工单位">{`${d.contractor.company} · 负责人 ${d.contractor.leader} ${d.contractor.phone}`}</Row>
      <Row label="施工人员">{d.workers.join('、')}</Row>
      <Row label="装修内容">{d.scope}</Row>
      <Row label="计划工期">{`${d.plannedStart} 至 ${d.plannedEnd}`}</Row>
      {d.approval ? <Row label="装修押金">{`${yuan(d.approval.depositFen)} 元${d.deposit ? '（已缴）' : ''}`}</Row> : null}
      {d.approval?.rules ? <Row label="装修规定">{d.approval.rules}</Row> : null}
      {d.permit ? <Row label="施工许可证">{`${d.permit.no} · 每日 ${d.permit.workingHours.from}-${d.permit.workingHours.to}`}</Row> : null}
      {d.rejection ? <Row label="未通过原因">{d.rejection.reason}</Row> : null}
      {d.state === 'in_progress' || d.inspections > 0 ? <Row label="巡查">{`共 ${d.inspections} 次${d.inspectedToday ? '，今日已巡查' : '，今日未巡查'}`}</Row> : null}
    </View>
  );
}

export function Notices({ d, onVerify }: { d: DecorationSummary; onVerify?: (no: string) => void }) {
  if (d.notices.length === 0) return null;
  return (
    <View className="card decoration-notices">
      <View className="decoration-card__title">装修违约整改通知单</View>
      {d.notices.map((n) => (
        <View key={n.no} className={`decoration-notice ${n.state === 'verified' ? 'decoration-notice--verified' : ''}`}>
          <View>
            {n.no} · {n.state === 'open' ? '待整改' : '已复查通过'}
            {n.stopWork ? ' · 停工整改' : ''}
          </View>
          {n.items.map((item) => (
            <View key={item}>· {item}</View>
          ))}
          <View className="muted">整改期限 {fullTime(n.deadline)}</View>
          {n.state === 'open' && onVerify ? (
            <View className="decoration-verify" onClick={() => onVerify(n.no)}>
              <Text className="due--ok">复查通过 ›</Text>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}

export function Outcome({ d }: { d: DecorationSummary }) {
  if (d.acceptances.length === 0 && !d.refund && d.deductions.length === 0) return null;
  return (
    <View className="card decoration-outcome">
      {d.acceptances.map((a, i) => (
        <View key={i} className="decoration-row">
          {a.stage === 'initial' ? '初验' : '终验'}：{a.passed ? '通过' : `未通过（${a.items.join('；')}）`} · {a.byName ?? ''} {shortTime(a.at)}
        </View>
      ))}
      {d.deductions.map((x, i) => (
        <View key={`x${i}`} className="decoration-row">
          扣款 {yuan(x.amountFen)} 元：{x.reason}
        </View>
      ))}
      {d.refund ? (
        <View className="decoration-row decoration-refund">
          押金退款 {yuan(d.refund.amountFen)} 元 · {d.refund.state === 'done' ? '已原路退回' : d.refund.state === 'failed' ? '退款未成功，管家将重新发起' : '退款处理中'}
        </View>
      ) : null}
    </View>
  );
}

export function Timeline({ d }: { d: Decoration }) {
  return (
    <View className="card timeline">
      {[...d.events].reverse().map((e, i) => (
        <View key={i} className="timeline__item">
          <View className="timeline__dot" />
          <View className="timeline__what">{decorationStateLabels[e.to]}</View>
          <View className="timeline__who">
            {e.actorName ?? (e.actorRole === 'system' ? '系统' : '')} {fullTime(e.at)}
          </View>
          {e.note ? <View className="timeline__note">{e.note}</View> : null}
        </View>
      ))}
    </View>
  );
}

export const checklistText = (c: Partial<Record<keyof typeof checkItemLabels, 'ok' | 'issue'>>) =>
  Object.entries(c)
    .map(([k, v]) => `${checkItemLabels[k as keyof typeof checkItemLabels]}${v === 'ok' ? '正常' : '有问题'}`)
    .join('、');
