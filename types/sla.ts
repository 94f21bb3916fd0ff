import { z } from 'zod';

// The service levels of SPEC §2 as one contract: the spans a policy is made of, what a lead may
// change, the effective levels a community promises (shown by 首页 and every form), and the one
// way a span is written in Chinese (`spanText`), used by the functions' notices and the pages alike.

/** A length of time in the unit the seed writes it in. */
export const SlaSpan = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('minutes'), amount: z.number().int('请填写整数').min(1, '至少 1 分钟').max(10_080, '不超过 10080 分钟（7 天）') }).strict(),
  z.object({ unit: z.literal('hours'), amount: z.number().int('请填写整数').min(1, '至少 1 小时').max(720, '不超过 720 小时') }).strict(),
  z.object({ unit: z.literal('calendarDays'), amount: z.number().int('请填写整数').min(1, '至少 1 天').max(90, '不超过 90 天') }).strict(),
  z.object({ unit: z.literal('workingDays'), amount: z.number().int('请填写整数').min(1, '至少 1 个工作日').max(60, '不超过 60 个工作日') }).strict(),
  /** by the end of the Shanghai day the clock starts on */
  z.object({ unit: z.literal('sameDay') }).strict(),
  /** by the end of the Shanghai month the clock starts in */
  z.object({ unit: z.literal('sameMonth') }).strict(),
]);
export type SlaSpan = z.infer<typeof SlaSpan>;
export type SpanUnit = SlaSpan['unit'];

/** A span whose length does not depend on a calendar (minutes, hours, days). */
export type FixedSpan = Extract<SlaSpan, { unit: 'minutes' | 'hours' | 'calendarDays' }>;

/** The colour of a running clock in a staff queue: ok, near (past its warning point), breached. */
export const DueLevel = z.enum(['ok', 'near', 'breached']);
export type DueLevel = z.infer<typeof DueLevel>;

// The words for spans live in a module without zod, so the mini-program's main package can phrase
// promises without carrying the schemas; they are the same functions, re-exported here.
export { spanMs, spanText, spanUnitLabels, withinText } from './sla-text';

/** A clock's target; when it starts is fixed by the product (docs/rules.md), only the span changes. */
const SpanOf = z.object({ span: SlaSpan }).strict();

/** Every span of a ticket policy (a community's view of SPEC §2 after its override). */
export const SlaSpans = z
  .object({
    respond: SpanOf,
    arrive: z.object({ repair: SpanOf, emergency: SpanOf }).strict(),
    resolve: z
      .object({
        repair: z.object({ minor: SpanOf, major: SpanOf }).strict(),
        warranty: z.object({ minor: SpanOf, major: SpanOf }).strict(),
        complaint: z.object({ general: SpanOf, major: SpanOf }).strict(),
        suggestion: SpanOf,
        /** null: no resolution target (the seeds give none for emergencies) */
        emergency: SpanOf.nullable(),
      })
      .strict(),
    revisit: z.object({ repair: SpanOf, warranty: SpanOf, complaint: SpanOf, suggestion: SpanOf, emergency: SpanOf }).strict(),
  })
  .strict();
export type SlaSpans = z.infer<typeof SlaSpans>;

/** A policy version: recorded on every ticket, never reused, e.g. `yuehai-2027.1`. */
export const PolicyVersion = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/, '版本号只能包含数字、字母、点和横线，例如 2027.1');

/** A community's override: any part of the spans, with its own version. */
export const SlaPolicyOverride = z
  .object({
    version: PolicyVersion,
    respond: SpanOf.optional(),
    arrive: z.object({ repair: SpanOf, emergency: SpanOf }).partial().strict().optional(),
    resolve: z
      .object({
        repair: z.object({ minor: SpanOf, major: SpanOf }).partial().strict(),
        warranty: z.object({ minor: SpanOf, major: SpanOf }).partial().strict(),
        complaint: z.object({ general: SpanOf, major: SpanOf }).partial().strict(),
        suggestion: SpanOf,
        emergency: SpanOf.nullable(),
      })
      .partial()
      .strict()
      .optional(),
    revisit: z.object({ repair: SpanOf, warranty: SpanOf, complaint: SpanOf, suggestion: SpanOf, emergency: SpanOf }).partial().strict().optional(),
  })
  .strict();
export type SlaPolicyOverride = z.infer<typeof SlaPolicyOverride>;

/**
 * What a community promises today (its override laid over the default): the tickets' spans, the
 * questions' answer clocks and the passes' decision clock. Pages show these, never literals.
 */
export const ServiceLevels = z.object({
  /** null: the caller belongs to no community yet, and these are the product's defaults */
  communityId: z.string().nullable(),
  /** the ticket policy's version new tickets get */
  version: z.string(),
  tickets: SlaSpans,
  questions: z.object({ firstAnswer: SlaSpan, complexAnswer: SlaSpan }),
  passes: z.object({ decide: SlaSpan }),
});
export type ServiceLevels = z.infer<typeof ServiceLevels>;
