import { z } from 'zod';
import { CommunityId, IsoTime, MonthDay, UnitLabel } from './common';

// Greetings (SPEC §7): birthday and holiday wishes to owners who have taken possession and opted in.
// Occasion keys are shared by the database, the contract and the tests; labels live in labels.ts.

/** The fixed occasions: birthdays and the six holidays (lunar ones computed from chinese-days). */
export const FixedOccasion = z.enum(['birthday', 'newYear', 'springFestival', 'lantern', 'dragonBoat', 'midAutumn', 'nationalDay']);
export type FixedOccasion = z.infer<typeof FixedOccasion>;

/** A community's own date, set by a lead: `custom-` and 8 lowercase hex digits. */
export const CustomOccasion = z.string().regex(/^custom-[0-9a-f]{8}$/, '自定义节日编号格式不正确');

export const OccasionKey = z.union([FixedOccasion, CustomOccasion]);
export type OccasionKey = z.infer<typeof OccasionKey>;

export const OccasionKind = z.enum(['birthday', 'holiday', 'custom']);
export type OccasionKind = z.infer<typeof OccasionKind>;

/** The placeholders a text may use; anything else in braces is refused. */
export const GREETING_PLACEHOLDERS = ['{name}', '{community}', '{occasion}'] as const;

export const GreetingText = z
  .string()
  .trim()
  .min(4, '祝福语至少 4 个字')
  .max(200, '祝福语最多 200 个字')
  .refine((text) => (text.match(/\{[^}]*\}/g) ?? []).every((p) => (GREETING_PLACEHOLDERS as readonly string[]).includes(p)), {
    message: '只能使用 {name}（业主称呼）、{community}（小区名）、{occasion}（节日名）这三个占位符',
  });

/** Greetings sent for an occasion in a community, this year and last year. */
export const GreetingCounts = z.object({
  thisYear: z.number().int().nonnegative(),
  lastYear: z.number().int().nonnegative(),
  /** of this year's, how many also went out as a WeChat subscription message */
  thisYearPushed: z.number().int().nonnegative(),
});
export type GreetingCounts = z.infer<typeof GreetingCounts>;

export const GreetingOccasionView = z.object({
  occasion: OccasionKey,
  kind: OccasionKind,
  /** 春节, 生日, or the custom date's name */
  name: z.string(),
  /** MM-DD for custom dates, null otherwise */
  monthDay: z.string().nullable(),
  /** the next date it is greeted on (YYYY-MM-DD, Asia/Shanghai); null for birthdays or outside the lunar tables */
  nextDate: z.string().nullable(),
  text: z.string(),
  /** true while the community keeps the product's default text */
  isDefault: z.boolean(),
  updatedAt: IsoTime.nullable(),
  counts: GreetingCounts,
});
export type GreetingOccasionView = z.infer<typeof GreetingOccasionView>;

const Scope = { communityId: CommunityId.optional() };

export const greetingsActions = {
  /** a lead's texts, dates and counts for their community */
  templates: {
    input: z.object(Scope).strict().optional().default({}),
    output: z.object({
      communityId: z.string(),
      communityName: z.string(),
      year: z.number().int(),
      occasions: z.array(GreetingOccasionView),
      /** set when the lunar tables do not cover next year (holidays would be skipped) */
      warning: z.string().nullable(),
    }),
  },
  saveTemplate: {
    input: z.object({ ...Scope, occasion: OccasionKey, text: GreetingText }).strict(),
    output: z.object({ occasion: GreetingOccasionView }),
  },
  /** the text as a given owner (by openid or unit) would receive it; `text` previews an unsaved draft */
  preview: {
    input: z.object({ ...Scope, occasion: OccasionKey, person: z.string().min(1).max(64).optional(), unit: UnitLabel.optional(), text: GreetingText.optional() }).strict(),
    output: z.object({
      title: z.string(),
      body: z.string(),
      /** who it was rendered for; null renders for a sample owner */
      person: z.object({ name: z.string(), unit: z.string().nullable() }).nullable(),
      /** what the WeChat subscription message would carry (fitted to its value rules) */
      subscription: z.record(z.string(), z.string()),
    }),
  },
  /** creates (no occasion) or edits a community's own date */
  saveCustom: {
    input: z
      .object({
        ...Scope,
        occasion: CustomOccasion.optional(),
        name: z.string().trim().min(2, '名称至少 2 个字').max(10, '名称最多 10 个字'),
        monthDay: MonthDay,
        text: GreetingText,
      })
      .strict(),
    output: z.object({ occasion: GreetingOccasionView }),
  },
  removeCustom: {
    input: z.object({ ...Scope, occasion: CustomOccasion }).strict(),
    output: z.object({ removed: z.literal(true) }),
  },
} as const;
