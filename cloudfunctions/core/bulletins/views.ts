// A notice as the caller sees it: the commands they may give it, delivery figures for staff.
import type { Notice, NoticeSummary } from '../../../types/notices';
import type { Caller } from '../router/caller';
import { toShanghaiIso } from '../time';
import type { NoticeDoc } from './model';
import { noticeCommands, noticePost } from './rules';

const iso = (d: Date | null) => (d ? toShanghaiIso(d) : null);

export function noticeView(n: NoticeDoc, caller: Caller, now: Date, read: boolean): Notice {
  const staff = Boolean(noticePost(caller, n.communityId));
  return {
    id: n._id,
    communityId: n.communityId,
    no: n.no,
    title: n.title,
    body: n.body,
    department: n.department,
    date: n.date,
    state: n.state,
    pinnedUntil: n.pinnedUntil,
    publishedAt: iso(n.publishedAt),
    returnComment: n.returnComment,
    revokedReason: staff ? n.revokedReason : null,
    readCount: n.readCount,
    read,
    delivery: staff && n.fanout ? { reached: n.fanout.reached, done: n.fanout.done } : null,
    drafterName: staff ? n.drafterName : null,
    allowed: noticeCommands(caller, n, now),
    rev: n.rev,
    events: staff ? n.events.map((e) => ({ action: e.action, from: e.from, to: e.to, actorRole: e.actorRole, actorName: e.actorName, at: toShanghaiIso(e.at), note: e.note })) : [],
    createdAt: toShanghaiIso(n.createdAt),
    updatedAt: toShanghaiIso(n.updatedAt),
  };
}

const EXCERPT = 60;

export function noticeSummary(n: NoticeDoc, caller: Caller, now: Date, read = false): NoticeSummary {
  const { body, events, ...rest } = noticeView(n, caller, now, read);
  void events;
  const flat = body.replace(/\s+/g, ' ').trim();
  return { ...rest, excerpt: flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat, pinned: isPinned(n, now) };
}

export const isPinned = (n: Pick<NoticeDoc, 'pinnedUntilAt' | 'state'>, now: Date) => n.state === 'published' && n.pinnedUntilAt !== null && n.pinnedUntilAt >= now;
