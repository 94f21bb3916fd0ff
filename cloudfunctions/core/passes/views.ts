// A pass as the caller sees it (SPEC §5, §10): who the caller is to it, the role they act in, the
// commands they may give it now, and its summary and detail views (the code only for its holders).
import type { ActorRole } from '../../../types/enums';
import type { Pass, PassAction, PassCommand, PassSummary } from '../../../types/passes';
import type { BindingDoc, StaffDoc } from '../accounts/model';
import { maskPhone } from '../accounts/rules';
import type { Caller } from '../router/caller';
import type { Database } from '../sdk';
import { passDueLevel } from '../sla/passes';
import { toShanghaiIso } from '../time';
import { bindingFor } from '../workflow/access';
import { ownersOf } from './data';
import type { PassDoc } from './model';
import { effectiveState, gateView, isDecidable, passAccess, passTransition } from './states';
import { passSecrets, signPass } from './token';

const ownerBinding = (caller: Caller, p: PassDoc): BindingDoc | undefined => bindingFor(caller, p, 'owner');
const stewardPost = (caller: Caller, communityId: string): StaffDoc | undefined => passAccess.post(caller, communityId);

/** The role the caller acts in for `action` on this pass, or null when they have no part in it. */
interface Actor {
  role: ActorRole;
  name: string | null;
}

export function actorFor(caller: Caller, p: PassDoc, action: PassAction): Actor | null {
  const { post, binding } = passAccess.standing(caller, p);
  const staff: Actor | null = post ? { role: post.role, name: post.name } : null;
  const person: Actor | null = binding ? { role: binding.role, name: binding.name } : null;
  switch (action) {
    case 'ownerConfirm': {
      const owner = ownerBinding(caller, p);
      return owner ? { role: 'owner', name: owner.name } : (staff ?? person);
    }
    case 'ownerDecline': {
      // only the unit's owner: staff reject in their own name, a resident cannot decline for the owner
      const owner = ownerBinding(caller, p);
      return owner ? { role: 'owner', name: owner.name } : (staff ?? person);
    }
    case 'revoke': {
      if (p.applicant === caller.openid) return { role: p.applicantRole, name: p.applicantName };
      const owner = ownerBinding(caller, p);
      if (owner) return { role: 'owner', name: owner.name };
      if (staff) return staff;
      // a resident may withdraw only their own application: acting in a role with no right to
      // revoke makes the state machine answer FORBIDDEN
      return person ? { role: 'guard', name: null } : null;
    }
    default:
      return staff ?? person;
  }
}

const iso = (d: Date) => toShanghaiIso(d);

function commandsFor(caller: Caller, p: PassDoc, now: Date): PassCommand[] {
  const allowed: PassCommand[] = [];
  for (const command of ['ownerConfirm', 'ownerDecline', 'approve', 'reject', 'revoke'] as const) {
    const actor = actorFor(caller, p, command);
    if (actor && passTransition(p, command, actor.role, now, 'x').ok) allowed.push(command);
  }
  return allowed;
}

export function summaryView(p: PassDoc, caller: Caller, now: Date, detail = false): PassSummary {
  const staffHere = Boolean(stewardPost(caller, p.communityId));
  const state = effectiveState(p, now);
  const running = p.clock && !p.clock.metAt && isDecidable(p) && state !== 'expired' ? p.clock : null;
  const showPhone = (phone: string | null) => (phone === null ? null : (detail && staffHere) || p.applicant === caller.openid ? phone : maskPhone(phone));
  return {
    id: p._id,
    no: p.no,
    communityId: p.communityId,
    unit: p.unit,
    building: p.building,
    state,
    applicantRole: p.applicantRole,
    applicantName: p.applicantName,
    applicantPhone: showPhone(p.applicantPhone),
    items: p.items,
    from: iso(p.from),
    to: iso(p.to),
    carrier: { name: p.carrier.name, phone: showPhone(p.carrier.phone), plate: p.carrier.plate },
    reason: p.reason,
    reasonNote: p.reasonNote,
    needsOwner: p.needsOwner,
    ownerConfirmation: p.ownerConfirmation
      ? { method: p.ownerConfirmation.method, at: iso(p.ownerConfirmation.at), byName: p.ownerConfirmation.byName, note: p.ownerConfirmation.note }
      : null,
    decideBy: p.clock ? iso(p.clock.at) : null,
    due: running ? { at: iso(running.at), level: passDueLevel(running.start, running.at, now) } : null,
    decision: p.decision ? { approved: p.decision.approved, byName: p.decision.byName, at: iso(p.decision.at), reason: p.decision.reason } : null,
    gate: p.gate ? { released: p.gate.released, byName: p.gate.byName, at: iso(p.gate.at), note: p.gate.note } : null,
    allowed: commandsFor(caller, p, now),
    policyVersion: p.policyVersion,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

export async function passView(database: Database, p: PassDoc, caller: Caller, now: Date): Promise<Pass> {
  const staffHere = Boolean(stewardPost(caller, p.communityId));
  // The code goes to the people who carry the goods out: the applicant and the unit's owner.
  const holder = p.applicant === caller.openid || Boolean(ownerBinding(caller, p));
  const qr = holder && effectiveState(p, now) === 'approved' ? signPass(gateView(p), passSecrets().current) : null;
  const owners = staffHere && p.needsOwner ? await ownersOf(database, p.communityId, p.unit) : [];
  return {
    ...summaryView(p, caller, now, true),
    qr,
    ownerContacts: owners.map((o) => ({ name: o.name, phone: o.phone })),
    events: p.events.map((e) => ({ action: e.action, from: e.from, to: e.to, actorRole: e.actorRole, actorName: e.actorName, at: iso(e.at), note: e.note })),
  };
}
