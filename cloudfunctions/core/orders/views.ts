// An order as the caller sees it (SPEC §4, §10): who the caller is to it, the role they act in, the
// commands they may give it now, and its summary and detail views; a catalogue line's view.
import type { ActorRole } from '../../../types/enums';
import type { CatalogueItem, Order, OrderCommand, OrderSummary } from '../../../types/orders';
import { maskPhone } from '../accounts/rules';
import type { Caller } from '../router/caller';
import { toShanghaiIso } from '../time';
import { isStaffRole, pickRole, roleMay } from '../workflow/access';
import {
  type CatalogueDoc,
  type OrderDoc,
  type OrderTransition,
  actBy,
  committedRefunds,
  dueLevel,
  isFree,
  mayTransition,
  priceAtBooking,
  orderAccess,
  orderTransitions,
} from './model';

export const postFor = (caller: Caller, communityId: string) => orderAccess.post(caller, communityId);
export const bindingFor = (caller: Caller, o: OrderDoc) => orderAccess.standing(caller, o).binding;

/** The role the caller acts in: the first of their roles here that the action admits from this state, else at all. */
export function actorRole(caller: Caller, o: OrderDoc, action: OrderTransition): ActorRole | null {
  const { post, binding } = orderAccess.standing(caller, o);
  const candidates = [post?.role, binding?.role];
  const rules = orderTransitions[action];
  return pickRole(
    candidates,
    (role) => rules.some((rule) => roleMay(role, rule.roles) && rule.from.includes(o.state)),
    (role) => rules.some((rule) => roleMay(role, rule.roles)),
  );
}

export function actorName(caller: Caller, o: OrderDoc, role: ActorRole): string | null {
  return isStaffRole(role) ? (postFor(caller, o.communityId)?.name ?? null) : null;
}

// ----- views ---------------------------------------------------------------------------------------------

const iso = (d: Date | null | undefined) => (d ? toShanghaiIso(d) : null);

function commandsFor(caller: Caller, o: OrderDoc): OrderCommand[] {
  const allowed: OrderCommand[] = [];
  const may = (action: OrderTransition) => {
    const role = actorRole(caller, o, action);
    return role !== null && mayTransition(o.state, action, role).ok;
  };
  const binding = bindingFor(caller, o);
  const staff = Boolean(postFor(caller, o.communityId));
  if (staff && may('confirm')) allowed.push('confirm');
  if (staff && may('start')) allowed.push('start');
  if (staff && may('quote')) allowed.push('quote');
  if (binding && o.state === 'awaiting_payment' && (o.amountFen ?? 0) > 0) allowed.push('pay');
  if (staff && may('pay')) allowed.push('recordOfflinePayment');
  if (may('cancel')) allowed.push('cancel');
  if (staff && may('refund') && o.paid && committedRefunds(o.refunds) < o.paid.amountFen) allowed.push('refund');
  if (binding && may('rate')) allowed.push('rate');
  return allowed;
}

export function summaryView(o: OrderDoc, caller: Caller, now: Date): OrderSummary {
  const staffHere = Boolean(postFor(caller, o.communityId));
  const next = staffHere ? actBy(o) : null;
  const priced = o.amountFen === null ? priceAtBooking(o.item.pricing, o.quantity) : null;
  return {
    id: o._id,
    no: o.no,
    communityId: o.communityId,
    unit: o.unit,
    state: o.state,
    item: { id: o.item.id, name: o.item.name, category: o.item.category, priceUnit: o.item.priceUnit, note: o.item.note, free: o.item.free, pricing: o.item.pricing },
    quantity: o.quantity,
    unitPriceFen: o.unitPriceFen,
    amountFen: o.amountFen,
    quote: priced?.quote ?? null,
    preferredAt: iso(o.preferredAt),
    scheduledAt: iso(o.scheduledAt),
    remark: o.remark,
    bookerName: o.bookerName,
    bookerPhone: o.bookerPhone === null ? null : o.booker === caller.openid ? o.bookerPhone : maskPhone(o.bookerPhone),
    workerName: o.workerName,
    contact: o.contact ?? null,
    paid: o.paid ? { method: o.paid.method, amountFen: o.paid.amountFen, at: toShanghaiIso(o.paid.at) } : null,
    refundedFen: o.refundedFen,
    refunds: o.refunds.map((r) => ({
      no: r.no,
      amountFen: r.amountFen,
      state: r.state,
      method: r.method,
      reason: r.reason,
      requestedAt: toShanghaiIso(r.requestedAt),
      doneAt: iso(r.doneAt),
    })),
    flag: staffHere ? o.flag : null,
    rating: o.rating ? { score: o.rating.score, comment: o.rating.comment, at: toShanghaiIso(o.rating.at) } : null,
    due: next ? { at: toShanghaiIso(next), level: dueLevel(next, now) } : null,
    allowed: commandsFor(caller, o),
    createdAt: toShanghaiIso(o.createdAt),
    updatedAt: toShanghaiIso(o.updatedAt),
  };
}

/** The commands that make a member of staff the one working an order right now. */
const WORKING: readonly OrderCommand[] = ['confirm', 'start', 'quote', 'recordOfflinePayment', 'refund'];

export function orderView(o: OrderDoc, caller: Caller, now: Date): Order {
  const summary = summaryView(o, caller, now);
  // SPEC §1: masked in staff lists, but the steward confirming the visit time or quoting is the
  // person working the request and needs the number to call.
  const working = summary.allowed.some((command) => WORKING.includes(command));
  return {
    ...summary,
    bookerPhone: working && o.bookerPhone !== null ? o.bookerPhone : summary.bookerPhone,
    events: o.events.map((e) => ({ action: e.action, from: e.from, to: e.to, actorRole: e.actorRole, actorName: e.actorName, at: toShanghaiIso(e.at), note: e.note })),
  };
}

export function itemView(c: CatalogueDoc): CatalogueItem {
  return {
    id: c._id,
    code: c.code,
    line: c.line,
    category: c.category,
    name: c.name,
    priceUnit: c.priceUnit,
    pricing: c.pricing,
    note: c.note,
    maxQuantity: c.maxQuantity,
    free: isFree(c.pricing),
    active: c.active,
  };
}
