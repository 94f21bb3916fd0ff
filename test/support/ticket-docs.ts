// Ticket documents built by hand, stored straight into the local cloud's store: a month of tickets
// whose every clock and event a test chooses (the reports test) or generates (the bench). The
// shape is core/tickets/model.ts's TicketDoc; fields the reports do not read keep plain defaults.
import type { TicketKind, TicketState } from '../../types/tickets';

/** 'YYYY-MM-DD HH:mm' (or with :ss.SSS) in Shanghai → Date. */
export function sh(local: string): Date {
  const [date, time] = local.split(' ');
  return new Date(`${date}T${time.length === 5 ? `${time}:00.000` : time}+08:00`);
}

export interface Clock {
  at: string;
  /** when it was met; omitted: still running */
  met?: string;
}

export interface TicketSpec {
  id: string;
  kind: TicketKind;
  state: TicketState;
  created: string;
  communityId?: string;
  building?: string;
  /** the steward who accepted it */
  steward?: string | null;
  respond?: Clock;
  arrive?: Clock;
  resolve?: Clock;
  revisit?: Clock;
  /** the event log as [action, at] (only `reopen` matters to the reports; the rest for realism) */
  events?: Array<[string, string]>;
  revisitRecord?: { method: 'phone' | 'on_site' | 'online'; score: number | null; at: string };
  rating?: { score: number; at: string };
  severity?: 'minor' | 'major';
}

const clockDoc = (c: Clock | undefined, start: string) => (c ? { start: sh(start), at: sh(c.at), metAt: c.met ? sh(c.met) : null } : undefined);

export function ticketDoc(spec: TicketSpec): Record<string, unknown> {
  const created = sh(spec.created);
  const building = spec.building ?? '1';
  const communityId = spec.communityId ?? 'yuehai';
  const unit = `${building}-1-${building}01`;
  const clocks: Record<string, unknown> = {};
  // by default the first response came 10 minutes in, inside its hour
  clocks.respondBy = spec.respond
    ? { start: created, at: sh(spec.respond.at), metAt: spec.respond.met ? sh(spec.respond.met) : null }
    : { start: created, at: new Date(created.getTime() + 3600_000), metAt: new Date(created.getTime() + 600_000) };
  for (const [key, c] of [
    ['arriveBy', spec.arrive],
    ['resolveBy', spec.resolve],
    ['revisitBy', spec.revisit],
  ] as const) {
    const doc = clockDoc(c, spec.created);
    if (doc) clocks[key] = doc;
  }
  const events = (spec.events ?? []).map(([action, at]) => ({
    action,
    from: 'submitted',
    to: 'accepted',
    actorRole: 'steward',
    actorId: spec.steward ?? 'x',
    actorName: null,
    at: sh(at),
    note: null,
  }));
  const steward = spec.steward === undefined ? 'dev-steward-1' : spec.steward;
  return {
    _id: spec.id,
    no: `BX-${spec.id}`,
    seq: 1,
    communityId,
    unit,
    unitKey: `${communityId}:${unit}`,
    building,
    kind: spec.kind,
    scope: 'in_home',
    severity: spec.severity ?? 'minor',
    complaintClass: spec.kind === 'complaint' ? 'class1' : null,
    description: '手工构造的工单',
    photos: [],
    preferredAt: null,
    reporter: 'dev-owner-1',
    reporterRole: 'owner',
    reporterName: '业主',
    reporterPhone: '13800000001',
    state: spec.state,
    rev: events.length,
    cycle: events.filter((e) => e.action === 'reopen').length,
    acceptedBy: steward,
    assignee: steward,
    assigneeName: null,
    clocks,
    policyVersion: 'guanjia-2026.1',
    missingYears: [],
    developerFollowUp: false,
    revisitRequired: true,
    escalateToManager: false,
    events,
    revisit: spec.revisitRecord
      ? { method: spec.revisitRecord.method, score: spec.revisitRecord.score, note: '回访', byRole: 'steward', by: steward ?? 'x', at: sh(spec.revisitRecord.at) }
      : null,
    rating: spec.rating ? { score: spec.rating.score, comment: null, at: sh(spec.rating.at) } : null,
    resolution: null,
    alerts: {},
    resolvedAt: spec.resolve?.met ? sh(spec.resolve.met) : null,
    revisitedAt: spec.revisitRecord ? sh(spec.revisitRecord.at) : null,
    closedAt: null,
    nextDueAt: null,
    queueKey: null,
    createdAt: created,
    updatedAt: created,
  };
}

export interface QuestionSpec {
  id: string;
  asked: string;
  communityId?: string;
  building?: string;
  state: 'waiting' | 'claimed' | 'answered' | 'closed';
  /** who answered first (or holds it) */
  steward?: string | null;
  /** defaults: 10 minutes after asking */
  feedbackDue?: string;
  feedbackAt?: string;
  firstAnswerDue?: string;
  firstAnsweredAt?: string;
  closedAt?: string;
  complex?: boolean;
}

/** A question document (core/questions/model.ts) with the fields the report reads. */
export function questionDoc(spec: QuestionSpec): Record<string, unknown> {
  const asked = sh(spec.asked);
  const tenMinutes = new Date(asked.getTime() + 600_000);
  const building = spec.building ?? '1';
  const communityId = spec.communityId ?? 'yuehai';
  const shanghai = new Date(asked.getTime() + 8 * 3600_000);
  return {
    _id: spec.id,
    no: `ZX-${spec.id}`,
    communityId,
    unit: `${building}-1-${building}01`,
    building,
    asker: 'dev-owner-1',
    askerRole: 'owner',
    askerName: null,
    category: 'other',
    text: '手工构造的咨询',
    state: spec.state,
    rev: 1,
    handler: spec.steward ?? null,
    handlerName: null,
    complex: spec.complex ?? false,
    complexAt: null,
    askedAt: asked,
    askedMonth: `${shanghai.getUTCFullYear()}-${String(shanghai.getUTCMonth() + 1).padStart(2, '0')}`,
    firstAnswerDue: spec.firstAnswerDue ? sh(spec.firstAnswerDue) : tenMinutes,
    firstAnsweredAt: spec.firstAnsweredAt ? sh(spec.firstAnsweredAt) : null,
    firstAnsweredBy: spec.firstAnsweredAt ? (spec.steward ?? null) : null,
    feedbackDue: spec.feedbackDue ? sh(spec.feedbackDue) : tenMinutes,
    feedbackAt: spec.feedbackAt ? sh(spec.feedbackAt) : null,
    policyVersion: 'guanjia-2026.1',
    waitingSince: null,
    replyDue: null,
    queueKey: null,
    messages: [],
    events: [],
    faqId: null,
    closedAt: spec.closedAt ? sh(spec.closedAt) : null,
  };
}
