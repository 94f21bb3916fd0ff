// An application as the caller sees it: the role they act in, the commands they may give now, the
// summary and detail views (the permit code only to its holders, only while it can be used).
import type { ActorRole } from '../../../types/enums';
import type { Decoration, DecorationCommand, DecorationSummary, Inspection } from '../../../types/decoration';
import type { Caller } from '../router/caller';
import { shanghaiDate, toShanghaiIso } from '../time';
import { bindingFor } from '../workflow/access';
import { type DecorationDoc, type InspectionDoc, decideDecoration, decorationAccess, decorationTransitions } from './model';
import { signPermit } from './permit';

export interface DecorationActor {
  role: ActorRole;
  name: string | null;
}

const PERSON_ROLES: readonly ActorRole[] = ['owner', 'resident'];

/**
 * The role the caller acts in for `command`: as the unit's person when the command is theirs
 * (the applicant, the owner), else in their post; null when they have no part in the application.
 */
export function actorFor(caller: Caller, d: DecorationDoc, command: keyof typeof decorationTransitions): DecorationActor | null {
  const { post, binding } = decorationAccess.standing(caller, d);
  const rows = decorationTransitions[command];
  const roles = (Array.isArray(rows) ? rows : [rows]).flatMap((r: { roles: readonly ActorRole[] }) => r.roles);
  const personal = roles.some((r) => PERSON_ROLES.includes(r));
  if (binding && (personal || !post)) return { role: binding.role, name: binding.name };
  if (post) return { role: post.role, name: post.name };
  return null;
}

const iso = (d: Date) => toShanghaiIso(d);

const COMMANDS: readonly DecorationCommand[] = [
  'approve',
  'reject',
  'signAgreement',
  'payDeposit',
  'inspect',
  'notice',
  'verifyRectification',
  'suspend',
  'resume',
  'requestAcceptance',
  'accept',
  'settle',
  'cancel',
];

function commandsFor(caller: Caller, d: DecorationDoc, now: Date): DecorationCommand[] {
  const allowed: DecorationCommand[] = [];
  for (const command of COMMANDS) {
    const actor = actorFor(caller, d, command);
    if (!actor) continue;
    if (command === 'payDeposit' && (d.approval?.depositFen ?? 0) <= 0) continue;
    if (command === 'verifyRectification' && !d.notices.some((n) => n.state === 'open')) continue;
    const stage = d.state === 'initial_accepted' ? 'final' : 'initial';
    if (decideDecoration({ ...d, stage, passed: true }, command, { id: caller.openid, role: actor.role }, now, 'x').ok) allowed.push(command);
  }
  return allowed;
}

export function summaryView(d: DecorationDoc, caller: Caller, now: Date): DecorationSummary {
  const today = shanghaiDate(now);
  return {
    id: d._id,
    no: d.no,
    communityId: d.communityId,
    unit: d.unit,
    building: d.building,
    state: d.state,
    applicantRole: d.applicantRole,
    applicantName: d.applicantName,
    authorisationPhoto: d.authorisationPhoto,
    contractor: d.contractor,
    workers: d.workers,
    scope: d.scope,
    plannedStart: d.plannedStart,
    plannedEnd: d.plannedEnd,
    approval: d.approval
      ? { depositFen: d.approval.depositFen, rules: d.approval.rules, workingHours: d.approval.workingHours, byName: d.approval.byName, at: iso(d.approval.at) }
      : null,
    rejection: d.rejection ? { reason: d.rejection.reason, byName: d.rejection.byName, at: iso(d.rejection.at) } : null,
    agreementSignedAt: d.agreementSignedAt ? iso(d.agreementSignedAt) : null,
    deposit: d.deposit ? { amountFen: d.deposit.amountFen, paidAt: iso(d.deposit.paidAt) } : null,
    permit: d.permit ? { no: d.permit.no, validFrom: iso(d.permit.validFrom), validTo: iso(d.permit.validTo), workingHours: d.permit.workingHours } : null,
    lastInspectedDay: d.lastInspectedDay,
    inspectedToday: d.lastInspectedDay === today,
    inspections: d.inspections,
    notices: d.notices.map((n) => ({
      no: n.no,
      items: n.items,
      deadline: iso(n.deadline),
      stopWork: n.stopWork,
      issuedAt: iso(n.issuedAt),
      byName: n.byName,
      state: n.state,
      verifiedAt: n.verifiedAt ? iso(n.verifiedAt) : null,
      verifyNote: n.verifyNote,
    })),
    acceptances: d.acceptances.map((a) => ({ stage: a.stage, passed: a.passed, items: a.items, byName: a.byName, at: iso(a.at) })),
    deductions: d.deductions,
    refund: d.refund ? { no: d.refund.no, amountFen: d.refund.amountFen, state: d.refund.state } : null,
    allowed: commandsFor(caller, d, now),
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  };
}

export function decorationView(d: DecorationDoc, caller: Caller, now: Date): Decoration {
  // The code goes to the people who hand it to the contractor: the applicant and the unit's owners.
  const holder = d.applicant === caller.openid || Boolean(bindingFor(caller, d, 'owner'));
  const usable = (d.state === 'permitted' || d.state === 'in_progress') && d.permit !== null && now <= d.permit.validTo;
  return {
    ...summaryView(d, caller, now),
    documents: d.documents,
    permitCode: holder && usable ? signPermit(d) : null,
    events: d.events.map((e) => ({ action: e.action, from: e.from, to: e.to, actorRole: e.actorRole, actorName: e.actorName, at: iso(e.at), note: e.note })),
  };
}

export function inspectionView(i: InspectionDoc): Inspection {
  return {
    id: i._id,
    decorationId: i.decorationId,
    no: i.no,
    unit: i.unit,
    day: i.day,
    at: iso(i.at),
    byName: i.byName,
    photos: i.photos,
    checklist: i.checklist,
    findings: i.findings,
  };
}
