// The duty log (值班记录表) and shift handover (交接班, SPEC §13; 客服部交接班管理制度): a handover per
// community and shift time; what stays open is listed when the outgoing steward submits (with the
// checklist √/× and notes); the incoming steward accepts from their own account, or disputes with
// a note, which keeps the shift open until the outgoing steward submits again. A shift not handed
// over 30 minutes after its time is reported to the lead once (sweep.ts).
import { DEFAULT_SHIFT_TIMES, HANDOVER_GRACE, type HandoverState, type OpenItem } from '../../../types/patrol';
import { questionCategoryLabels, ticketKindLabels } from '../../../types/labels';
import { spanMs } from '../../../types/sla';
import type { Database } from '../sdk';
import { isDuplicateError } from '../sdk';
import type { TicketDoc } from '../tickets/model';
import type { PassDoc } from '../passes/model';
import { keysOut } from '../keys/data';
import { visitorsInside } from '../visitors/data';
import { shanghaiParts } from '../time';
import { defineMachine } from '../workflow/machine';
import { type Store } from '../workflow/write';
import { DUTY_ENTRIES, type DutyEntryDoc, HANDOVERS, type HandoverDoc, PROBLEMS, type ProblemDoc, SETTINGS, type SettingsDoc } from './model';
import { handoverId, shiftAt } from './rules';

export const handoverMachine = defineMachine<HandoverState, 'submit' | 'accept' | 'dispute', HandoverDoc>({
  rules: {
    submit: { from: ['open', 'disputed'], to: 'submitted', roles: ['steward'] },
    accept: { from: ['submitted'], to: 'accepted', roles: ['steward'] },
    dispute: { from: ['submitted'], to: 'disputed', roles: ['steward'], needsNote: true },
  },
  stale: (h) => (h.state === 'accepted' ? '这一班已交接完毕' : h.state === 'submitted' ? '交班人已提交，等待接班' : '交班人尚未提交交接'),
  policy: (h, command, actor) => {
    // the incoming steward confirms from their own account: nobody accepts for someone else
    if ((command === 'accept' || command === 'dispute') && actor.id !== h.incoming) return { ok: false, code: 'FORBIDDEN', message: '只能由接班人本人确认或提出异议' };
    return null;
  },
});

export const HANDOVER_STORE: Store<HandoverDoc> = { collection: HANDOVERS, whole: ['alerts', 'checklist', 'openItems'], stale: '交接班状态已变化，请刷新后重试' };

export const handoverPage = (id: string) => `/packages/patrol/duty/index?id=${encodeURIComponent(id)}`;

export async function shiftTimes(database: Database, communityId: string): Promise<string[]> {
  const found = (await database.collection<SettingsDoc>(SETTINGS).where({ _id: communityId }).limit(1).get()).data[0];
  return found?.shiftTimes?.length ? [...found.shiftTimes].sort() : [...DEFAULT_SHIFT_TIMES];
}

/** The sweep's next item: 30 minutes after the handover's time, until it is accepted or reported. */
export const handoverDueAt = (h: Pick<HandoverDoc, 'state' | 'at' | 'alerts'>): Date | null =>
  h.state !== 'accepted' && !h.alerts?.late ? new Date(h.at.getTime() + spanMs(HANDOVER_GRACE)) : null;

export async function findHandover(database: Database, id: string): Promise<HandoverDoc | null> {
  return (await database.collection<HandoverDoc>(HANDOVERS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

/** The handover due at `at` (ending the shift that began at `from`), made when first needed. */
export async function ensureHandover(database: Database, communityId: string, shift: { from: Date; to: Date }): Promise<HandoverDoc> {
  const id = handoverId(communityId, shift.to);
  const found = await findHandover(database, id);
  if (found) return found;
  const doc: HandoverDoc = {
    _id: id,
    communityId,
    unit: '',
    at: shift.to,
    shiftFrom: shift.from,
    state: 'open',
    rev: 0,
    outgoing: null,
    outgoingName: null,
    incoming: null,
    incomingName: null,
    checklist: [],
    notes: null,
    openItems: [],
    submittedAt: null,
    acceptedAt: null,
    disputeNote: null,
    nextDueAt: null,
    alerts: {},
    events: [],
  };
  doc.nextDueAt = handoverDueAt(doc);
  try {
    await database.collection(HANDOVERS).add({ data: { ...doc } });
    return doc;
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
    return (await findHandover(database, id)) as HandoverDoc;
  }
}

/**
 * The handover the duty desk works on now: the earliest of the last day's still not accepted
 * whose time has come (a late handover stays in front until done), else the running shift's.
 */
export async function currentHandover(database: Database, communityId: string, now: Date): Promise<HandoverDoc> {
  const _ = database.command;
  const pending = await database
    .collection<HandoverDoc>(HANDOVERS)
    .where({ communityId, at: _.and(_.lte(now), _.gt(new Date(now.getTime() - 86_400_000))), state: _.neq('accepted') })
    .orderBy('at', 'asc')
    .limit(1)
    .get();
  if (pending.data[0]) return pending.data[0];
  return ensureHandover(database, communityId, shiftAt(now, await shiftTimes(database, communityId)));
}

/** The handover whose shift contains `at` (the duty log entry's shift). */
export async function handoverOfShift(database: Database, communityId: string, at: Date): Promise<HandoverDoc> {
  return ensureHandover(database, communityId, shiftAt(at, await shiftTimes(database, communityId)));
}

export async function entriesOf(database: Database, handoverId_: string): Promise<DutyEntryDoc[]> {
  const found = await database.collection<DutyEntryDoc>(DUTY_ENTRIES).where({ handoverId: handoverId_ }).orderBy('at', 'asc').limit(100).get();
  return found.data;
}

/** 12月20日 18:00, in Shanghai whatever the function's zone. */
const clock = (d: Date) => {
  const p = shanghaiParts(d);
  return `${p.month}月${p.day}日 ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

const OPEN_TICKET_STATES: TicketDoc['state'][] = ['accepted', 'assigned', 'on_site', 'reopened'];

/**
 * What stays open at a handover: tickets in the outgoing steward's hands, passes awaiting a
 * decision, questions not yet answered, patrol problems not handled, keys lent and not returned
 * (core/keys) and visitors still inside (core/visitors).
 */
export async function openItemsFor(database: Database, communityId: string, outgoing: string, now: Date): Promise<OpenItem[]> {
  const _ = database.command;
  const [assigned, accepted, passes, questions, problems, keys, visitors] = await Promise.all([
    database
      .collection<TicketDoc>('tickets')
      .where({ assignee: outgoing, state: _.in(OPEN_TICKET_STATES) })
      .limit(100)
      .get(),
    database.collection<TicketDoc>('tickets').where({ communityId, state: 'accepted', acceptedBy: outgoing }).limit(100).get(),
    database
      .collection<PassDoc>('passes')
      .where({ communityId, state: _.in(['pending', 'owner_confirmed']) })
      .limit(100)
      .get(),
    database
      .collection<{ _id: string; no?: string; category: keyof typeof questionCategoryLabels; text: string; communityId: string }>('questions')
      .where({ communityId, state: _.in(['waiting', 'claimed']) })
      .limit(100)
      .get(),
    database
      .collection<ProblemDoc>(PROBLEMS)
      .where({ communityId, state: _.in(['open', 'reported', 'ticketed']) })
      .limit(100)
      .get(),
    keysOut(database, communityId, now),
    visitorsInside(database, communityId),
  ]);
  const tickets = new Map<string, TicketDoc>();
  for (const t of [...assigned.data, ...accepted.data]) if (t.communityId === communityId) tickets.set(t._id, t);
  return [
    ...[...tickets.values()].map((t) => ({ kind: 'ticket' as const, id: t._id, no: t.no, text: `${t.unit} ${ticketKindLabels[t.kind]}：${t.description.slice(0, 40)}` })),
    ...passes.data.map((p) => ({ kind: 'pass' as const, id: p._id, no: p.no, text: `${p.unit} 物品放行：${p.items.map((i) => `${i.name}×${i.count}`).join('、')}` })),
    ...questions.data.map((q) => ({ kind: 'question' as const, id: q._id, no: q.no ?? '', text: `${questionCategoryLabels[q.category] ?? '咨询'}：${q.text.slice(0, 40)}` })),
    ...problems.data.map((p) => ({ kind: 'problem' as const, id: p._id, no: p.no, text: `${p.unit}：${p.text.slice(0, 40)}` })),
    ...keys.map((k) => ({
      kind: 'key' as const,
      id: k.loanId,
      no: k.no,
      text: `钥匙 ${k.tag}${k.unit ? `（${k.unit}）` : ''} 借出：${k.borrowerName}，${k.purpose.slice(0, 20)}，${k.overdue ? '已超期' : `应还 ${clock(k.dueBack)}`}`,
    })),
    ...visitors.map((v) => ({
      kind: 'visitor' as const,
      id: v.id,
      no: v.no,
      text: `访客 ${v.visitorName ?? '（姓名已删除）'}${v.count > 1 ? ` 等 ${v.count} 人` : ''} 到访 ${v.unit}，${clock(v.inAt)} 进入未离开`,
    })),
  ];
}
