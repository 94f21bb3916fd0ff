// Stored patrol records as the contract shows them (types/patrol.ts): times as +08:00 ISO.
import type { CheckIn, DutyEntry, Handover, PatrolPoint, PatrolProblem, StewardLog, VacantCheck } from '../../../types/patrol';
import { spanMs } from '../../../types/sla';
import { HANDOVER_GRACE } from '../../../types/patrol';
import { toShanghaiIso } from '../time';
import type { CheckInDoc, DutyEntryDoc, HandoverDoc, LogDoc, PointDoc, ProblemDoc, VacantCheckDoc } from './model';
import { pointCode } from './points';

const iso = (d: Date | null | undefined): string | null => (d ? toShanghaiIso(d) : null);

export function pointView(p: PointDoc, withCode: boolean): PatrolPoint {
  return {
    id: p._id,
    communityId: p.communityId,
    building: p.building,
    name: p.name,
    kind: p.kind,
    state: p.state,
    code: withCode && p.state === 'active' ? pointCode(p) : null,
    createdAt: toShanghaiIso(p.createdAt),
  };
}

export function checkInView(c: CheckInDoc): CheckIn {
  return {
    id: c._id,
    pointId: c.pointId,
    pointName: c.pointName,
    building: c.building,
    stewardName: c.stewardName,
    at: toShanghaiIso(c.at),
    scannedAt: iso(c.scannedAt),
    skewed: c.skewed,
    day: c.day,
    checklist: c.checklist,
    photos: c.photos,
    note: c.note,
    problemId: c.problemId,
  };
}

export function problemView(p: ProblemDoc): PatrolProblem {
  return {
    id: p._id,
    no: p.no,
    communityId: p.communityId,
    building: p.building,
    pointName: p.pointName,
    unit: p.unit || null,
    text: p.text,
    photos: p.photos,
    state: p.state,
    rev: p.rev,
    foundByName: p.foundByName,
    foundAt: toShanghaiIso(p.foundAt),
    ticketId: p.ticketId,
    ticketNo: p.ticketNo,
    handledAt: iso(p.handledAt),
    handledNote: p.handledNote,
    escalatedAt: iso(p.alerts?.escalated),
    events: p.events.map((e) => ({ action: e.action, from: e.from, to: e.to, actorRole: e.actorRole, actorName: e.actorName, at: toShanghaiIso(e.at), note: e.note })),
  };
}

export function vacantCheckView(v: VacantCheckDoc): VacantCheck {
  return {
    id: v._id,
    unit: v.unit,
    building: v.building,
    stewardName: v.stewardName,
    at: toShanghaiIso(v.at),
    clean: v.clean,
    damaged: v.damaged,
    damp: v.damp,
    aired: v.aired,
    note: v.note,
    photos: v.photos,
  };
}

export function logView(l: LogDoc, composed: StewardLog['sections']): StewardLog {
  return {
    id: l._id,
    steward: l.steward,
    stewardName: l.stewardName,
    day: l.day,
    state: l.state,
    rev: l.rev,
    sections: l.sections ?? composed,
    notes: l.notes,
    submittedAt: iso(l.submittedAt),
    review: l.review ? { byName: l.review.byName, comment: l.review.comment, at: toShanghaiIso(l.review.at) } : null,
  };
}

export const entryView = (e: DutyEntryDoc): DutyEntry => ({ id: e._id, at: toShanghaiIso(e.at), authorName: e.authorName, text: e.text });

/** Accepted within HANDOVER_GRACE of its time; null while not accepted. */
export const onTime = (h: Pick<HandoverDoc, 'at' | 'acceptedAt'>): boolean | null => (h.acceptedAt ? h.acceptedAt.getTime() <= h.at.getTime() + spanMs(HANDOVER_GRACE) : null);

export function handoverView(h: HandoverDoc, entries: DutyEntryDoc[]): Handover {
  return {
    id: h._id,
    communityId: h.communityId,
    at: toShanghaiIso(h.at),
    shiftFrom: toShanghaiIso(h.shiftFrom),
    state: h.state,
    rev: h.rev,
    outgoing: h.outgoing,
    outgoingName: h.outgoingName,
    incoming: h.incoming,
    incomingName: h.incomingName,
    checklist: h.checklist,
    notes: h.notes,
    openItems: h.openItems,
    submittedAt: iso(h.submittedAt),
    acceptedAt: iso(h.acceptedAt),
    disputeNote: h.disputeNote,
    onTime: onTime(h),
    entries: entries.map(entryView),
    events: h.events.map((e) => ({ action: e.action, from: e.from, to: e.to, actorName: e.actorName, at: toShanghaiIso(e.at), note: e.note })),
  };
}
