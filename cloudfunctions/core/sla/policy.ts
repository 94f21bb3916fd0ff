// The service levels of SPEC §2 as versioned data, and the pure rule that turns a ticket and a
// moment into its deadlines. A ticket stores the deadlines it was given and the policy version, so
// a later change to the policy never moves an existing ticket's clocks.
import type { ComplaintClass, Severity, TicketKind, TicketScope } from '../../../types/tickets';
import type { SlaPolicyOverride, SlaSpan, SlaSpans } from '../../../types/sla';
import type { Calendar } from './calendar';
import { addCalendarDays, addHours, addMinutes, addWorkingDays, endOfSameDay, endOfSameMonth, type Deadline } from './deadlines';

/** A length of time in the unit the seed writes it in (the contract's, types/sla.ts). */
export type Span = SlaSpan;

/**
 * The event that starts a clock. Response and the office-handled resolutions run from submission;
 * a repair's arrival and repair time from acceptance (SPEC: "on site within 20 minutes of
 * acceptance"); revisits from resolution.
 */
export type ClockStart = 'submitted' | 'accepted' | 'resolved';

export interface ClockRule {
  from: ClockStart;
  span: Span;
}

export type DeadlineKey = 'respondBy' | 'arriveBy' | 'resolveBy' | 'revisitBy';

/** Who a complaint class goes to (SPEC §2, 投诉分类). */
export interface ComplaintRouting {
  /** the department that does the work */
  handledBy: 'responsible_department' | 'developer' | 'named_steward' | 'manager';
  /** the steward follows the developer's repair and escalates in writing when it is late */
  developerFollowUp: boolean;
  /** the project manager is told the moment the complaint is filed, and leads the response */
  notifyManagerAtOnce: boolean;
  /** who makes the revisit */
  revisitBy: 'duty_steward' | 'steward' | 'manager';
}

export interface SlaPolicy {
  /** recorded on every ticket, e.g. `yuehai-2026.1` */
  version: string;
  respond: ClockRule;
  arrive: { repair: ClockRule; emergency: ClockRule };
  resolve: {
    repair: Record<Severity, ClockRule>;
    warranty: Record<Severity, ClockRule>;
    /** general (classes 1–3) and major complaints */
    complaint: { general: ClockRule; major: ClockRule };
    /** suggestions: the seed's "non-repair daily item" */
    suggestion: ClockRule;
    /** no target in the seeds: emergencies are held by arrival and escalation; null = none */
    emergency: ClockRule | null;
  };
  revisit: Record<TicketKind, ClockRule>;
  complaintClasses: Record<ComplaintClass, ComplaintRouting>;
  /** open repair items are followed up this often until closed (the sweep schedules it) */
  repairFollowUp: Span;
  /** a rating at or below this at the revisit reopens the ticket */
  reopenAtOrBelow: number;
  /** questions in the staff tab (咨询): the clocks run from the asking (core/sla/questions.ts) */
  questions: QuestionClocks;
}

/** SPEC §2: the first answer within 10 minutes; a complex question's within 24 hours. */
export interface QuestionClocks {
  firstAnswer: Span;
  complexAnswer: Span;
}

/** SPEC §2, from the seeds. Numbers only change with a new version. */
export const defaultPolicy: SlaPolicy = {
  version: 'guanjia-2026.1',
  respond: { from: 'submitted', span: { unit: 'hours', amount: 1 } },
  arrive: {
    repair: { from: 'accepted', span: { unit: 'minutes', amount: 20 } },
    emergency: { from: 'submitted', span: { unit: 'minutes', amount: 5 } },
  },
  resolve: {
    repair: {
      minor: { from: 'accepted', span: { unit: 'sameDay' } },
      major: { from: 'accepted', span: { unit: 'calendarDays', amount: 3 } },
    },
    warranty: {
      minor: { from: 'submitted', span: { unit: 'workingDays', amount: 7 } },
      major: { from: 'submitted', span: { unit: 'workingDays', amount: 14 } },
    },
    complaint: {
      general: { from: 'submitted', span: { unit: 'workingDays', amount: 3 } },
      major: { from: 'submitted', span: { unit: 'workingDays', amount: 7 } },
    },
    suggestion: { from: 'submitted', span: { unit: 'workingDays', amount: 3 } },
    emergency: null,
  },
  revisit: {
    repair: { from: 'resolved', span: { unit: 'calendarDays', amount: 3 } },
    emergency: { from: 'resolved', span: { unit: 'calendarDays', amount: 3 } },
    warranty: { from: 'resolved', span: { unit: 'sameMonth' } },
    complaint: { from: 'resolved', span: { unit: 'calendarDays', amount: 7 } },
    // the seed: written opinions and suggestions answered in writing or on site within 7 days
    suggestion: { from: 'resolved', span: { unit: 'calendarDays', amount: 7 } },
  },
  complaintClasses: {
    class1: { handledBy: 'responsible_department', developerFollowUp: false, notifyManagerAtOnce: false, revisitBy: 'duty_steward' },
    class2: { handledBy: 'developer', developerFollowUp: true, notifyManagerAtOnce: false, revisitBy: 'steward' },
    class3: { handledBy: 'named_steward', developerFollowUp: false, notifyManagerAtOnce: false, revisitBy: 'steward' },
    major: { handledBy: 'manager', developerFollowUp: false, notifyManagerAtOnce: true, revisitBy: 'manager' },
  },
  repairFollowUp: { unit: 'calendarDays', amount: 7 },
  reopenAtOrBelow: 2,
  questions: {
    firstAnswer: { unit: 'minutes', amount: 10 },
    complexAnswer: { unit: 'hours', amount: 24 },
  },
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends null ? T[K] : DeepPartial<T[K]>) : T[K] };

/**
 * A community's changes to the default, as stored with the community. It must carry its own
 * version, because tickets record which numbers they were given.
 */
export type PolicyOverride = DeepPartial<Omit<SlaPolicy, 'version'>> & { version: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return base;
  // A span is replaced whole: merging {unit:'sameDay'} into {unit:'calendarDays', amount:3} would
  // leave a stray amount behind.
  if (!isPlainObject(base) || !isPlainObject(patch) || 'unit' in patch) return patch;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) result[key] = merge(base[key], value);
  return result;
}

/** The default with a community's override laid over it. */
export function resolvePolicy(override?: PolicyOverride, base: SlaPolicy = defaultPolicy): SlaPolicy {
  if (!override) return base;
  return merge(base, override) as SlaPolicy;
}

export interface TicketTerms {
  kind: TicketKind;
  severity: Severity;
  /** complaints only; null before a steward classifies it (general until then) */
  complaintClass: ComplaintClass | null;
  scope: TicketScope;
  /** a visit time agreed with the owner replaces the 20-minute arrival if it is later */
  agreedVisitAt?: Date | null;
}

/** A complaint is major when it is classed major (重大投诉); classes 1–3 are general. */
export function isMajorComplaint(terms: Pick<TicketTerms, 'kind' | 'complaintClass'>): boolean {
  return terms.kind === 'complaint' && terms.complaintClass === 'major';
}

/** Every clock a ticket of these terms has, whichever event starts it. */
export function clockRules(terms: TicketTerms, policy: SlaPolicy): Partial<Record<DeadlineKey, ClockRule>> {
  const rules: Partial<Record<DeadlineKey, ClockRule>> = { respondBy: policy.respond };
  if (terms.kind === 'repair') rules.arriveBy = policy.arrive.repair;
  if (terms.kind === 'emergency') rules.arriveBy = policy.arrive.emergency;
  switch (terms.kind) {
    case 'repair':
      rules.resolveBy = policy.resolve.repair[terms.severity];
      break;
    case 'warranty':
      rules.resolveBy = policy.resolve.warranty[terms.severity];
      break;
    case 'complaint':
      rules.resolveBy = isMajorComplaint(terms) ? policy.resolve.complaint.major : policy.resolve.complaint.general;
      break;
    case 'suggestion':
      rules.resolveBy = policy.resolve.suggestion;
      break;
    case 'emergency':
      if (policy.resolve.emergency) rules.resolveBy = policy.resolve.emergency;
      break;
  }
  rules.revisitBy = policy.revisit[terms.kind];
  return rules;
}

export function applySpan(start: Date, span: Span, calendar: Calendar): Deadline {
  switch (span.unit) {
    case 'minutes':
      return addMinutes(start, span.amount);
    case 'hours':
      return addHours(start, span.amount);
    case 'calendarDays':
      return addCalendarDays(start, span.amount);
    case 'workingDays':
      return addWorkingDays(start, span.amount, calendar);
    case 'sameDay':
      return endOfSameDay(start);
    case 'sameMonth':
      return endOfSameMonth(start);
  }
}

export interface TicketDeadlines {
  /** the event these clocks started at */
  startedAt: ClockStart;
  deadlines: Partial<Record<DeadlineKey, Date>>;
  policyVersion: string;
  /** calendar years the deadlines relied on without holiday data (weekends only there) */
  missingYears: number[];
}

/**
 * The deadlines whose clocks start at `event`, which happened at `now`: call it at submission, at
 * acceptance and at resolution, and merge the results into the ticket. Recomputing after a
 * reclassification means calling it again with the original event's time as `now`.
 */
export function deadlinesFor(terms: TicketTerms, policy: SlaPolicy, calendar: Calendar, now: Date, event: ClockStart = 'submitted'): TicketDeadlines {
  const deadlines: Partial<Record<DeadlineKey, Date>> = {};
  const missing = new Set<number>();
  for (const [key, rule] of Object.entries(clockRules(terms, policy)) as [DeadlineKey, ClockRule][]) {
    if (rule.from !== event) continue;
    // A repair is fixed "on that visit": its repair time runs from the visit it was promised
    // (the arrival deadline, computed just before), so a visit agreed for tomorrow morning is not
    // due to be fixed tonight.
    const start = key === 'resolveBy' && terms.kind === 'repair' && deadlines.arriveBy ? deadlines.arriveBy : now;
    const deadline = applySpan(start, rule.span, calendar);
    let at = deadline.at;
    // The owner may ask for a later visit (预约时间); an earlier wish cannot shorten the 20 minutes.
    if (key === 'arriveBy' && terms.kind === 'repair' && terms.agreedVisitAt && terms.agreedVisitAt > at) {
      at = terms.agreedVisitAt;
    }
    deadlines[key] = at;
    for (const year of deadline.missingYears) missing.add(year);
  }
  return {
    startedAt: event,
    deadlines,
    policyVersion: policy.version,
    missingYears: [...missing].sort((a, b) => a - b),
  };
}

/** Who a complaint goes to; null for other kinds. An unclassified complaint is routed as class 1. */
export function complaintRouting(terms: Pick<TicketTerms, 'kind' | 'complaintClass'>, policy: SlaPolicy): ComplaintRouting | null {
  if (terms.kind !== 'complaint') return null;
  return policy.complaintClasses[terms.complaintClass ?? 'class1'];
}

// ----- the form a lead edits (types/sla.ts SlaSpans / SlaPolicyOverride) --------------------------

type SpanOf = { span: Span };

/** Every span of a policy, in the shape the staff page shows and edits. */
export function policySpans(policy: SlaPolicy): SlaSpans {
  const s = (rule: ClockRule): SpanOf => ({ span: rule.span });
  return {
    respond: s(policy.respond),
    arrive: { repair: s(policy.arrive.repair), emergency: s(policy.arrive.emergency) },
    resolve: {
      repair: { minor: s(policy.resolve.repair.minor), major: s(policy.resolve.repair.major) },
      warranty: { minor: s(policy.resolve.warranty.minor), major: s(policy.resolve.warranty.major) },
      complaint: { general: s(policy.resolve.complaint.general), major: s(policy.resolve.complaint.major) },
      suggestion: s(policy.resolve.suggestion),
      emergency: policy.resolve.emergency ? s(policy.resolve.emergency) : null,
    },
    revisit: {
      repair: s(policy.revisit.repair),
      warranty: s(policy.revisit.warranty),
      complaint: s(policy.revisit.complaint),
      suggestion: s(policy.revisit.suggestion),
      emergency: s(policy.revisit.emergency),
    },
  };
}

/** What a lead may change: spans only, under their own version. */
export type SpanOverride = SlaPolicyOverride;

/**
 * A lead's span override as a policy override. When each clock starts is the product's rule, not
 * the community's: every span keeps the default's start (an emergency's resolution, which has no
 * default, runs from submission like the other office-set targets).
 */
export function overrideFromSpans(o: SpanOverride, base: SlaPolicy = defaultPolicy): PolicyOverride {
  const rule = (value: SpanOf | undefined, from: ClockStart): ClockRule | undefined => (value ? { from, span: value.span } : undefined);
  const pick = <K extends string>(values: Partial<Record<K, SpanOf>> | undefined, starts: Record<K, ClockRule>) => {
    if (!values) return undefined;
    const out: Partial<Record<K, ClockRule>> = {};
    for (const key of Object.keys(values) as K[]) {
      const made = rule(values[key], starts[key].from);
      if (made) out[key] = made;
    }
    return out;
  };
  const out: PolicyOverride = { version: o.version };
  if (o.respond) out.respond = rule(o.respond, base.respond.from);
  if (o.arrive) out.arrive = pick(o.arrive, base.arrive);
  if (o.resolve) {
    const r = o.resolve;
    const resolve: NonNullable<PolicyOverride['resolve']> = {};
    if (r.repair) resolve.repair = pick(r.repair, base.resolve.repair);
    if (r.warranty) resolve.warranty = pick(r.warranty, base.resolve.warranty);
    if (r.complaint) resolve.complaint = pick(r.complaint, base.resolve.complaint);
    if (r.suggestion) resolve.suggestion = rule(r.suggestion, base.resolve.suggestion.from);
    if (r.emergency !== undefined) resolve.emergency = r.emergency === null ? null : { from: base.resolve.emergency?.from ?? 'submitted', span: r.emergency.span };
    out.resolve = resolve;
  }
  if (o.revisit) out.revisit = pick(o.revisit, base.revisit);
  return out;
}

/** The stored override back in the form the page edits (spans only). */
export function spansFromOverride(o: PolicyOverride): SpanOverride {
  const span = (rule: { span?: unknown } | null | undefined): SpanOf | undefined => (rule && rule.span ? { span: rule.span as Span } : undefined);
  const each = <K extends string>(values: Partial<Record<K, { span?: unknown } | undefined>> | undefined) => {
    if (!values) return undefined;
    const out: Partial<Record<K, SpanOf>> = {};
    for (const key of Object.keys(values) as K[]) {
      const made = span(values[key]);
      if (made) out[key] = made;
    }
    return out;
  };
  const out: SpanOverride = { version: o.version };
  if (o.respond) out.respond = span(o.respond);
  if (o.arrive) out.arrive = each(o.arrive);
  if (o.resolve) {
    const r = o.resolve;
    out.resolve = {};
    if (r.repair) out.resolve.repair = each(r.repair);
    if (r.warranty) out.resolve.warranty = each(r.warranty);
    if (r.complaint) out.resolve.complaint = each(r.complaint);
    if (r.suggestion) out.resolve.suggestion = span(r.suggestion);
    if (r.emergency !== undefined) out.resolve.emergency = r.emergency === null ? null : span(r.emergency);
  }
  if (o.revisit) out.revisit = each(o.revisit);
  return out;
}
