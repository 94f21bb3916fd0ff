// A subject's state machine as data: `state × command × role → next state + event`, with every
// refusal an answer (never a throw). A subject gives its table (rules) and its policy (the
// conditions beyond the table); `decide` checks, in this order, the role (FORBIDDEN whatever the
// state), the state (CONFLICT: someone moved it, or it is too early or too late), the subject's own
// conditions, and a required note (INVALID_INPUT). Pure: no database, no clock (`now` is given).
import type { ActorRole } from '../../../types/enums';
import { roleMay } from './access';

/** One row: from these states, these roles (by rank, see roleMay) may, leading to `to`. */
export interface Rule<S extends string> {
  from: readonly S[];
  to: S;
  roles: readonly ActorRole[];
  /** the command needs a note (a rejection's reason) */
  needsNote?: boolean;
}

export interface Refusal {
  ok: false;
  code: 'FORBIDDEN' | 'CONFLICT' | 'INVALID_INPUT';
  message: string;
}

export const refuse = (code: Refusal['code'], message: string): Refusal => ({ ok: false, code, message });

/** Who acts: an openid (or `system` for the scheduler) in a role. */
export interface Actor {
  id: string;
  role: ActorRole;
}

/** The event every transition yields for the object's timeline. */
export interface MachineEvent<S extends string, C extends string> {
  action: C;
  from: S;
  to: S;
  actorRole: ActorRole;
  actorId: string;
  at: Date;
  note: string | null;
}

/** Allowed: the next state, the row that allowed it, and the event; or the refusal. */
export type Decision<S extends string, C extends string, R extends Rule<S>> = { ok: true; state: S; rule: R; event: MachineEvent<S, C> } | Refusal;

export interface MachineDef<S extends string, C extends string, O extends { state: S }, R extends Rule<S> = Rule<S>> {
  /** a command may have several rows (owners cancel early, stewards later) */
  rules: Record<C, R | readonly R[]>;
  /** the CONFLICT message when the state does not allow the command */
  stale: string | ((o: O, command: C) => string);
  /** the FORBIDDEN message when the role never may */
  forbidden?: string | ((command: C) => string);
  /** whether the actor may use the row; by rank (roleMay) unless the subject says otherwise */
  may?: (o: O, command: C, actor: Actor, rule: R) => boolean;
  /** whether the object's state admits the row; `rule.from` unless the subject widens or narrows it */
  inState?: (o: O, command: C, rule: R) => boolean;
  /** the state the row leads to; `rule.to` unless it depends on the object */
  to?: (o: O, command: C, rule: R) => S;
  /** the subject's own conditions, after role and state, before the note */
  policy?: (o: O, command: C, actor: Actor, now: Date, note: string | null, rule: R) => Refusal | null;
}

export interface Machine<S extends string, C extends string, O extends { state: S }, R extends Rule<S>> {
  readonly def: MachineDef<S, C, O, R>;
  rows(command: C): readonly R[];
  decide(o: O, command: C, actor: Actor, now: Date, note?: string | null): Decision<S, C, R>;
}

const text = <A extends unknown[]>(value: string | ((...args: A) => string) | undefined, fallback: string, ...args: A): string =>
  value === undefined ? fallback : typeof value === 'string' ? value : value(...args);

export function defineMachine<S extends string, C extends string, O extends { state: S }, R extends Rule<S> = Rule<S>>(def: MachineDef<S, C, O, R>): Machine<S, C, O, R> {
  const rows = (command: C): readonly R[] => {
    const r = def.rules[command];
    return Array.isArray(r) ? r : [r as R];
  };
  return {
    def,
    rows,
    decide(o, command, actor, now, note = null) {
      const mine = rows(command).filter((rule) => (def.may ? def.may(o, command, actor, rule) : roleMay(actor.role, rule.roles)));
      if (mine.length === 0) return refuse('FORBIDDEN', text(def.forbidden, '没有权限进行此操作', command));
      const rule = mine.find((r) => (def.inState ? def.inState(o, command, r) : r.from.includes(o.state)));
      if (!rule) return refuse('CONFLICT', text(def.stale, '状态已变化，请刷新后重试', o, command));
      const refused = def.policy?.(o, command, actor, now, note, rule);
      if (refused) return refused;
      const trimmed = note?.trim() || null;
      if (rule.needsNote && !trimmed) return refuse('INVALID_INPUT', '请填写原因');
      const to = def.to ? def.to(o, command, rule) : rule.to;
      return { ok: true, state: to, rule, event: { action: command, from: o.state, to, actorRole: actor.role, actorId: actor.id, at: now, note: trimmed } };
    },
  };
}
