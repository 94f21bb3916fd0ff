// How a notice (发文) is stored. Times are Date; the view turns them into +08:00 ISO.
import type { ActorRole } from '../../../types/enums';
import type { NoticeAction, NoticeState } from '../../../types/notices';

export interface NoticeEventDoc {
  action: NoticeAction;
  from: NoticeState | null;
  to: NoticeState;
  actorRole: ActorRole;
  actorId: string;
  actorName: string | null;
  at: Date;
  note: string | null;
}

/** Where the fan-out to the community's inboxes stands (core/bulletins/fanout.ts). */
export interface FanoutDoc {
  /** the last binding `_id` worked through; null before the first page */
  cursor: string | null;
  /** active bindings worked through so far (each person's inbox holds the notice once however many units they hold) */
  reached: number;
  done: boolean;
}

export interface NoticeDoc {
  _id: string;
  communityId: string;
  state: NoticeState;
  rev: number;
  title: string;
  body: string;
  department: string;
  /** YYYY-MM-DD: pinned on 首页 through this Shanghai day */
  pinnedUntil: string | null;
  /** the end of that day, for the pinned query */
  pinnedUntilAt: Date | null;
  /** 〔2026〕第 3 号, its year and sequence; set at approval */
  no: string | null;
  year: number | null;
  seq: number | null;
  /** the issue date (Shanghai day of approval) */
  date: string | null;
  publishedAt: Date | null;
  returnComment: string | null;
  revokedReason: string | null;
  readCount: number;
  drafter: string;
  drafterName: string | null;
  fanout: FanoutDoc | null;
  /** when the fan-out timer has work for it (indexed); null when none */
  fanoutDueAt: Date | null;
  events: NoticeEventDoc[];
  createdAt: Date;
  updatedAt: Date;
}

/** One owner's first read of a notice: `_id` `<notice>:<openid>` (so a read is counted once). */
export interface NoticeReadDoc {
  _id: string;
  noticeId: string;
  openid: string;
  at: Date;
}

export const NOTICES = 'notices';
export const NOTICE_READS = 'noticeReads';
/** claims of 〔YYYY〕第 N 号 (core/workflow/number.ts claimGaplessNumber), scope `<community>:<year>` */
export const NOTICE_NUMBERS = 'noticeNumbers';

export const noticeNo = (year: number, seq: number) => `〔${year}〕第 ${seq} 号`;
