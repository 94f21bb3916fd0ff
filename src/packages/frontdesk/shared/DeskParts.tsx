// Parts the front desk pages share: a visit's card and facts, a key loan's card, the state tags, and
// the order a keeper's queue is worked in.
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { VisitState, VisitSummary } from '../../../../types/visitors';
import type { Key, Loan, LoanState } from '../../../../types/keys';
import { keySourceLabels, loanStateLabels, visitConsentLabels, visitKindLabels, visitorCategoryLabels, visitStateLabels } from '../../../../types/frontdesk-labels';
import { fullTime, shortTime, timeLeft, windowText } from '../../../utils/time';

const VISIT_TONE: Record<VisitState, 'waiting' | 'working' | 'done' | 'stopped'> = {
  invited: 'waiting',
  inside: 'working',
  left: 'done',
  closed: 'stopped',
  revoked: 'stopped',
  expired: 'stopped',
};
const LOAN_TONE: Record<LoanState, 'waiting' | 'working' | 'done' | 'stopped'> = {
  awaiting_owner: 'waiting',
  confirmed: 'working',
  out: 'working',
  returned: 'done',
  declined: 'stopped',
  cancelled: 'stopped',
};

export function VisitStateTag({ visit }: { visit: Pick<VisitSummary, 'state' | 'flagged'> }) {
  return <Text className={`desk-state desk-state--${VISIT_TONE[visit.state]} visit-state`}>{visit.flagged ? '未登记离开' : visitStateLabels[visit.state]}</Text>;
}

export function LoanStateTag({ loan }: { loan: Pick<Loan, 'state' | 'overdue'> }) {
  return <Text className={`desk-state desk-state--${loan.overdue ? 'waiting' : LOAN_TONE[loan.state]} loan-state`}>{loan.overdue ? '逾期未还' : loanStateLabels[loan.state]}</Text>;
}

/** Who, for which unit, when: one line each. */
export function VisitFacts({ visit }: { visit: VisitSummary }) {
  return (
    <View className="visit-facts">
      <View className="desk-card__line">
        {visit.erased ? '（访客信息已按规定清除）' : (visit.visitorName ?? '访客')}
        {visit.count > 1 ? ` 等 ${visit.count} 人` : ''}
        {visit.visitorPhone ? ` · ${visit.visitorPhone}` : ''}
        {visit.plate ? ` · ${visit.plate}` : ''}
      </View>
      <View className="desk-card__line muted">
        {visit.unit} · {visitKindLabels[visit.kind]}
        {visit.kind === 'walk_in' ? ` · ${visitorCategoryLabels[visit.category]} · ${visitConsentLabels[visit.consent]}` : ''}
        {visit.badge ? ` · 证号 ${visit.badge}` : ''}
      </View>
      {visit.kind === 'invited' ? <View className="desk-card__line muted">邀请时段 {windowText(visit.from, visit.to)}</View> : null}
      {visit.inAt ? (
        <View className="desk-card__line">
          进入 {shortTime(visit.inAt)}
          {visit.outAt ? ` · 离开 ${shortTime(visit.outAt)}` : ''}
        </View>
      ) : null}
    </View>
  );
}

export function VisitCard({ visit, onOpen, children }: { visit: VisitSummary; onOpen?: () => void; children?: ReactNode }) {
  const tone = visit.flagged ? 'breached' : visit.state === 'inside' ? 'near' : visit.state === 'invited' ? 'ok' : '';
  return (
    <View className={`desk-card visit-card ${tone ? `desk-card--${tone}` : ''}`} onClick={onOpen}>
      <View className="desk-card__head">
        <Text className="desk-card__title">{visit.no}</Text>
        <VisitStateTag visit={visit} />
      </View>
      <VisitFacts visit={visit} />
      {children}
    </View>
  );
}

/** A keeper's queue in the order it is worked: overdue first, then keys waiting to be handed over, then the rest by due time. */
export function byUrgency(loans: readonly Loan[]): Loan[] {
  const rank = (l: Loan) => (l.overdue ? 0 : l.state === 'confirmed' ? 1 : l.state === 'awaiting_owner' ? 2 : 3);
  return [...loans].sort((a, b) => rank(a) - rank(b) || Date.parse(a.dueBack) - Date.parse(b.dueBack));
}

export function LoanCard({ loan, now, children }: { loan: Loan; now: number; children?: ReactNode }) {
  const closed = loan.state === 'returned' || loan.state === 'declined' || loan.state === 'cancelled';
  const tone = closed ? '' : loan.overdue ? 'breached' : loan.state === 'awaiting_owner' ? 'near' : 'ok';
  return (
    <View className={`desk-card loan-card ${tone ? `desk-card--${tone}` : ''}`}>
      <View className="desk-card__head">
        <Text className="desk-card__title">
          {loan.tag}
          {loan.unit ? ` · ${loan.unit}` : ''}
        </Text>
        <LoanStateTag loan={loan} />
      </View>
      <View className="desk-card__line">
        {loan.borrowerName}
        {loan.borrowerPhone ? ` · ${loan.borrowerPhone}` : ''} · {loan.purpose}
      </View>
      <View className="desk-card__line muted">
        {loan.no} · {keySourceLabels[loan.source]}
        {loan.ticketNo ? ` · 工单 ${loan.ticketNo}` : ''}
        {loan.decorationNo ? ` · 装修 ${loan.decorationNo}` : ''}
      </View>
      {closed ? null : (
        <View className={`desk-card__due ${loan.overdue ? 'due--breached' : 'due--ok'}`}>
          应还 {fullTime(loan.dueBack)}（{timeLeft(loan.dueBack, now)}）
        </View>
      )}
      {loan.confirmation ? (
        <View className="desk-card__line muted">
          业主{loan.confirmation.method === 'app' ? '已在小程序确认' : `电话确认（${loan.confirmation.byName ?? '管家'}记录）`} {shortTime(loan.confirmation.at)}
        </View>
      ) : null}
      {loan.lentAt ? (
        <View className="desk-card__line muted">
          {shortTime(loan.lentAt)} 由{loan.lentByName ?? '管理员'}交付
          {loan.returnedAt ? ` · ${shortTime(loan.returnedAt)} 归还` : ''}
        </View>
      ) : null}
      {loan.returnCheck ? (
        <View className={`desk-card__line ${loan.returnCheck.countMatches && loan.returnCheck.condition === 'intact' ? '' : 'desk-diff'}`}>
          归还 {loan.returnCheck.count} 把{loan.returnCheck.countMatches ? '' : '（数量不符）'} · {loan.returnCheck.condition === 'intact' ? '完好' : '损坏'}
          {loan.returnCheck.note ? ` · ${loan.returnCheck.note}` : ''}
        </View>
      ) : null}
      {children}
    </View>
  );
}

export function KeyLine({ k }: { k: Key }) {
  return (
    <View className="desk-card__line muted">
      {keySourceLabels[k.source]} · {k.count} 把 · {k.slot} · {k.holder}
    </View>
  );
}
