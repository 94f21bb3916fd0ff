import { z } from 'zod';

// The ticket's enums (SPEC §3). Their Chinese labels live in labels.ts. The actions' input and
// output schemas come with the tickets contract; these are the names everything else shares.

/** submitted → accepted → assigned → on_site → resolved → revisited → closed, plus the side exits. */
export const TicketState = z.enum([
  'submitted',
  'accepted',
  'assigned',
  'on_site',
  'resolved',
  'revisited',
  'closed',
  'cancelled',
  'rejected',
  'reopened',
]);
export type TicketState = z.infer<typeof TicketState>;

export const TicketKind = z.enum(['repair', 'warranty', 'complaint', 'suggestion', 'emergency']);
export type TicketKind = z.infer<typeof TicketKind>;

/** 户内 or 公共区域. */
export const TicketScope = z.enum(['in_home', 'public_area']);
export type TicketScope = z.infer<typeof TicketScope>;

/** 小修/一般 or 大修/重大. */
export const Severity = z.enum(['minor', 'major']);
export type Severity = z.infer<typeof Severity>;

/** 投诉分类: 1 property service, 2 the developer's product, 3 external, major (群诉、诉讼、媒体). */
export const ComplaintClass = z.enum(['class1', 'class2', 'class3', 'major']);
export type ComplaintClass = z.infer<typeof ComplaintClass>;

/** What someone does to a ticket; each moves it along one row of the transition table. */
export const TicketAction = z.enum([
  'accept',
  'assign',
  'reassign',
  'arrive',
  'resolve',
  'revisit',
  'reopen',
  'close',
  'cancel',
  'reject',
]);
export type TicketAction = z.infer<typeof TicketAction>;

/** Owner's rating at the revisit, 1–5; 2 or less reopens the ticket (SPEC §3). */
export const Rating = z.number().int().min(1).max(5);
export type Rating = z.infer<typeof Rating>;

const CalendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日，例如 2027-01-01');

/** One year's holidays and make-up working days entered by staff (the package knows 2004–2026). */
export const CalendarOverride = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** rest days beyond ordinary weekends, YYYY-MM-DD (Asia/Shanghai) */
    holidays: z.array(CalendarDate).max(366),
    /** weekend days that are working days (调休上班), YYYY-MM-DD */
    workdays: z.array(CalendarDate).max(366),
  })
  .strict();
export type CalendarOverride = z.infer<typeof CalendarOverride>;
