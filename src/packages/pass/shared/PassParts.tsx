// Pieces of a pass shown on several pages: the state tag, the list card, the items with their
// photos, the facts a guard checks, and the timeline.
import { Text, View } from '@tarojs/components';
import type { Pass, PassState, PassSummary } from '../../../../types/passes';
import { ownerConfirmMethodLabels, passActionLabels, actorRoleLabels, dueLevelLabels, passReasonLabels, passStateLabels, roleLabels } from '../../../../types/labels';
import { PhotoGrid } from '../../../components/PhotoGrid';
import { fullTime, shortTime, timeLeft, windowText } from '../../../utils/time';
import { useServiceLevels } from '../../../utils/levels';
import { withinText } from '../../../../types/sla-text';

const stateTone: Record<PassState, 'waiting' | 'working' | 'done' | 'stopped'> = {
  pending: 'waiting',
  owner_confirmed: 'waiting',
  approved: 'working',
  used: 'done',
  rejected: 'stopped',
  refused_at_gate: 'stopped',
  expired: 'stopped',
  revoked: 'stopped',
};

export function PassStateTag({ pass }: { pass: Pick<PassSummary, 'state' | 'needsOwner'> }) {
  // a tenant's pass waiting in `pending` waits for the owner, not for the steward
  const label = pass.state === 'pending' && pass.needsOwner ? '待业主确认' : passStateLabels[pass.state];
  return <Text className={`pass-state pass-state--${stateTone[pass.state]}`}>{label}</Text>;
}

/** 审批 剩 6 分钟, coloured by how close the 15 minutes are. */
export function DueLine({ pass, now }: { pass: PassSummary; now: number }) {
  if (!pass.due) return null;
  return (
    <View className={`pass-card__due due--${pass.due.level}`}>
      审批 {timeLeft(pass.due.at, now)}（{pass.due.level === 'breached' ? '' : `${dueLevelLabels[pass.due.level]}，`}应于 {shortTime(pass.due.at)} 前）
    </View>
  );
}

export const itemsText = (pass: Pick<PassSummary, 'items'>) => pass.items.map((i) => `${i.name}×${i.count}`).join('、');

export function PassCard({ pass, now, onOpen }: { pass: PassSummary; now: number; onOpen: () => void }) {
  return (
    <View className={`pass-card ${pass.due ? `pass-card--${pass.due.level}` : ''}`} onClick={onOpen}>
      <View className="pass-card__head">
        <Text className="pass-card__title">物品放行 · {pass.unit}</Text>
        <PassStateTag pass={pass} />
      </View>
      <View className="pass-card__desc">{itemsText(pass)}</View>
      <View className="pass-card__line">
        {pass.no} · {passReasonLabels[pass.reason]} · 放行时段 {windowText(pass.from, pass.to)}
      </View>
      <View className="pass-card__line">
        {roleLabels[pass.applicantRole]} {pass.applicantName ?? ''} · {shortTime(pass.createdAt)} 申请
      </View>
      <DueLine pass={pass} now={now} />
    </View>
  );
}

function Row({ label, children }: { label: string; children: string }) {
  return (
    <View className="pass-row">
      <Text className="pass-row__label">{label}：</Text>
      <Text>{children}</Text>
    </View>
  );
}

/** What the pass says: unit, applicant, items with photos, window, carrier, reason. */
export function PassFacts({ pass }: { pass: PassSummary }) {
  const carrier = [pass.carrier.name, pass.carrier.phone, pass.carrier.plate].filter(Boolean).join(' · ');
  return (
    <View className="card pass-facts">
      <View className="pass-card__head">
        <Text className="pass-card__title">
          {pass.unit} · {pass.no}
        </Text>
        <PassStateTag pass={pass} />
      </View>
      <Row label="申请人">{`${roleLabels[pass.applicantRole]} ${pass.applicantName ?? '（已删除）'}${pass.applicantPhone ? ` · ${pass.applicantPhone}` : ''}`}</Row>
      <Row label="放行时段">{`${fullTime(pass.from)} 至 ${fullTime(pass.to).slice(pass.from.slice(0, 10) === pass.to.slice(0, 10) ? 11 : 0)}`}</Row>
      <Row label="事由">{pass.reasonNote ? `${passReasonLabels[pass.reason]}（${pass.reasonNote}）` : passReasonLabels[pass.reason]}</Row>
      <Row label="搬运人">{carrier || '（已删除）'}</Row>
      <View className="pass-items">
        {pass.items.map((item, index) => (
          <View key={index} className="pass-item">
            <Text className="pass-item__name">
              {item.name} × {item.count}
            </Text>
            <PhotoGrid fileIDs={item.photos} />
          </View>
        ))}
      </View>
    </View>
  );
}

/** Owner's consent, the decision and the gate, each when it happened. */
export function PassRecord({ pass }: { pass: Pass }) {
  const levels = useServiceLevels(pass.communityId);
  return (
    <View className="card pass-record">
      {pass.needsOwner ? (
        <Row label="业主确认">
          {pass.ownerConfirmation
            ? `${ownerConfirmMethodLabels[pass.ownerConfirmation.method]}${pass.ownerConfirmation.byName ? `（${pass.ownerConfirmation.byName}）` : ''} · ${fullTime(pass.ownerConfirmation.at)}${pass.ownerConfirmation.note ? ` · ${pass.ownerConfirmation.note}` : ''}`
            : '等待业主确认'}
        </Row>
      ) : null}
      <Row label="审批">
        {pass.decision
          ? `${pass.decision.approved ? '已批准' : '未批准'}${pass.decision.byName ? `（${pass.decision.byName}）` : ''} · ${fullTime(pass.decision.at)}${pass.decision.reason ? ` · ${pass.decision.reason}` : ''}`
          : pass.decideBy
            ? `等待管家审批，${fullTime(pass.decideBy)} 前`
            : `业主确认后由管家审批${levels ? `（${withinText(levels.passes.decide)}）` : ''}`}
      </Row>
      {pass.gate ? (
        <Row label="门岗">{`${pass.gate.released ? '已放行' : '未予放行'}${pass.gate.byName ? `（${pass.gate.byName}）` : ''} · ${fullTime(pass.gate.at)}${pass.gate.note ? ` · ${pass.gate.note}` : ''}`}</Row>
      ) : null}
    </View>
  );
}

export function Timeline({ pass }: { pass: Pass }) {
  const events = [...pass.events].reverse();
  return (
    <View className="card timeline">
      {events.map((event, index) => (
        <View key={`${event.at}-${index}`} className={`timeline__event ${index === 0 ? 'timeline__event--latest' : ''}`}>
          <View className="timeline__dot" />
          <View className="timeline__what">{passActionLabels[event.action]}</View>
          <View className="timeline__who">
            {actorRoleLabels[event.actorRole]}
            {event.actorName ? ` ${event.actorName}` : ''} · {fullTime(event.at)}
          </View>
          {event.note ? <View className="timeline__note">{event.note}</View> : null}
        </View>
      ))}
    </View>
  );
}
