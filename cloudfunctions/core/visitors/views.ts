// A visit as the caller sees it: the phone masked in lists, the code only to the host while usable.
import type { Visit, VisitSummary } from '../../../types/visitors';
import { maskPhone } from '../accounts/rules';
import { passSecrets, signPass } from '../passes/token';
import type { Caller } from '../router/caller';
import { toShanghaiIso } from '../time';
import { bindingFor } from '../workflow/access';
import type { VisitDoc } from './model';
import { effectiveVisitState, signedVisit } from './states';

const iso = (d: Date) => toShanghaiIso(d);

export function visitSummary(v: VisitDoc, caller: Caller, now: Date, detail = false): VisitSummary {
  const host = Boolean(bindingFor(caller, v));
  return {
    id: v._id,
    no: v.no,
    communityId: v.communityId,
    unit: v.unit,
    kind: v.kind,
    state: effectiveVisitState(v, now),
    visitorName: v.visitorName,
    visitorPhone: v.visitorPhone && !(host || detail) ? maskPhone(v.visitorPhone) : v.visitorPhone,
    plate: v.plate,
    count: v.count,
    category: v.category,
    consent: v.consent,
    badge: v.badge,
    from: iso(v.from),
    to: iso(v.to),
    inAt: v.inAt ? iso(v.inAt) : null,
    outAt: v.outAt ? iso(v.outAt) : null,
    flagged: v.flagged,
    erased: v.erased,
    createdAt: iso(v.createdAt),
  };
}

export function visitView(v: VisitDoc, caller: Caller, now: Date): Visit {
  const host = Boolean(bindingFor(caller, v));
  const usable = v.kind === 'invited' && effectiveVisitState(v, now) === 'invited';
  return {
    ...visitSummary(v, caller, now, true),
    qr: host && usable ? signPass(signedVisit(v), passSecrets().current) : null,
    events: v.events.map((e) => ({ action: e.action, from: e.from, to: e.to, actorRole: e.actorRole, actorName: e.actorName, at: iso(e.at), note: e.note })),
  };
}
