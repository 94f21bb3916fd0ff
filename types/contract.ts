import type { z } from 'zod';
import { accountActions } from './account';
import { reportActions } from './reports';
import { ticketActions } from './tickets';
import { passActions } from './passes';
import { orderActions } from './orders';
import { greetingsActions } from './greetings';
import { questionActions } from './questions';
import { visitorActions } from './visitors';
import { keyActions } from './keys';
import { archiveActions } from './archives';
import { decorationActions } from './decoration';
import { patrolActions } from './patrol';
import { adminActions } from './admin';
import { noticeActions } from './notices';
import { eventActions } from './events';
import { surveyActions } from './surveys';

/** Every function's actions: the one table both the mini-program and the functions import. */
export const contract = {
  account: accountActions,
  tickets: ticketActions,
  passes: passActions,
  orders: orderActions,
  greetings: greetingsActions,
  reports: reportActions,
  questions: questionActions,
  visitors: visitorActions,
  keys: keyActions,
  archives: archiveActions,
  decoration: decorationActions,
  patrol: patrolActions,
  admin: adminActions,
  notices: noticeActions,
  events: eventActions,
  surveys: surveyActions,
} as const;

export type Contract = typeof contract;
export type FunctionName = keyof Contract;
export type ActionName<F extends FunctionName> = keyof Contract[F] & string;
type ActionOf<F extends FunctionName, A extends ActionName<F>> = Contract[F][A] extends {
  input: z.ZodType;
  output: z.ZodType;
}
  ? Contract[F][A]
  : never;
/** What a caller passes (defaults not yet applied). */
export type ActionInput<F extends FunctionName, A extends ActionName<F>> = z.input<ActionOf<F, A>['input']>;
/** What the function answers in `data`. */
export type ActionOutput<F extends FunctionName, A extends ActionName<F>> = z.output<ActionOf<F, A>['output']>;
