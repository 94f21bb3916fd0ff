// The gate (SPEC §5): what a code is worth to this guard now, the check written down (valid or
// not), and the release or refusal of the goods — a transition like any other, logged either way.
import type { ActorRole } from '../../../types/enums';
import { passRefusalLabels } from '../../../types/labels';
import type { GateVerdict, PassSummary } from '../../../types/passes';
import type { Caller } from '../router/caller';
import { AppError } from '../router/errors';
import type { Database } from '../sdk';
import { expireIfLapsed, findPassByRef, logCheck, writePassTransition } from './data';
import type { PassDoc, PassEventDoc } from './model';
import { tellPerson } from './notices';
import { decidePass, gateView, type GateResult, judgeCode } from './states';
import { normaliseCode, passSecrets } from './token';
import { summaryView } from './views';

type Base = { db: Database; caller: Caller; now: Date };

interface Judged {
  result: GateResult;
  pass: PassDoc | null;
  ref: string | null;
}

async function judge(ctx: Base, code: string): Promise<Judged> {
  const parsed = normaliseCode(code);
  const pass = parsed ? await findPassByRef(ctx.db, parsed.ref) : null;
  const result = judgeCode(code, pass ? gateView(pass) : null, passSecrets(), ctx.caller.communitiesAs(['guard']), ctx.now);
  if (!result.valid && result.refusal === 'expired' && pass) await expireIfLapsed(ctx.db, pass, ctx.now);
  return { result, pass, ref: parsed?.ref ?? null };
}

function verdictOf(judged: Judged, caller: Caller, now: Date): GateVerdict {
  const { result, pass } = judged;
  const show = pass && (result.valid || result.showPass);
  return {
    valid: result.valid,
    refusal: result.valid ? null : result.refusal,
    message: result.valid ? '放行条有效，请核对物品后放行' : passRefusalLabels[result.refusal],
    pass: show ? summaryView(pass, caller, now) : null,
  };
}

async function record(ctx: Base, judged: Judged, kind: 'verify' | 'release' | 'refuse', valid: boolean, note: string | null): Promise<void> {
  const communities = ctx.caller.communitiesAs(['guard']);
  const own = judged.pass && communities.includes(judged.pass.communityId) ? judged.pass.communityId : communities[0];
  const named = judged.pass && (judged.result.valid || judged.result.refusal !== 'forged');
  await logCheck(ctx.db, {
    communityId: own,
    guard: ctx.caller.openid,
    guardName: ctx.caller.postIn(own, ['guard'])?.name ?? null,
    kind,
    passId: named && judged.pass ? judged.pass._id : null,
    passNo: named && judged.pass ? judged.pass.no : null,
    ref: judged.ref,
    valid,
    refusal: judged.result.valid ? null : judged.result.refusal,
    note,
    at: ctx.now,
  });
}

function refusalError(judged: Judged): AppError {
  if (judged.result.valid) return new AppError('CONFLICT', '放行条状态已变化，请重新核验');
  const message = passRefusalLabels[judged.result.refusal];
  switch (judged.result.refusal) {
    case 'forged':
    case 'tampered':
      return new AppError('INVALID_INPUT', message, { code: message });
    case 'other_community':
      return new AppError('FORBIDDEN', message);
    default:
      return new AppError('CONFLICT', message);
  }
}

/** A guard checks a code: its verdict, written down. */
export async function verifyAtGate(ctx: Base, code: string): Promise<GateVerdict> {
  const judged = await judge(ctx, code);
  await record(ctx, judged, 'verify', judged.result.valid, null);
  return verdictOf(judged, ctx.caller, ctx.now);
}

/**
 * A guard releases the goods (`match`) or refuses them: a transition of a valid pass, logged with
 * the check. A code that is not valid, or a pass another guard (or the owner) moved first, is
 * refused with what the code is worth now.
 */
export async function releaseAtGate(ctx: Base, input: { code: string; match: boolean; note?: string }): Promise<{ verdict: GateVerdict; pass: PassSummary }> {
  const { match } = input;
  const note = input.note?.trim() || null;
  const kind = match ? 'release' : 'refuse';
  const judged = await judge(ctx, input.code);
  if (!judged.result.valid || !judged.pass) {
    await record(ctx, judged, kind, false, note);
    throw refusalError(judged);
  }
  const p = judged.pass;
  const post = ctx.caller.postIn(p.communityId, ['guard']);
  const role: ActorRole = post?.role === 'manager' ? 'manager' : 'guard';
  const result = decidePass(p, kind, { id: ctx.caller.openid, role }, ctx.now, note);
  if (!result.ok) throw new AppError(result.code, result.message, result.code === 'INVALID_INPUT' ? { note: result.message } : undefined);
  const gate = { released: match, by: ctx.caller.openid, byName: post?.name ?? null, at: ctx.now, note };
  const event: PassEventDoc = { ...result.event, actorName: post?.name ?? null };
  try {
    await writePassTransition(ctx.db, p, { state: result.state, gate, queueKey: null, updatedAt: ctx.now }, event);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
    // another guard (or the owner's revocation) got there first: log what the code is worth now
    const again = await judge(ctx, input.code);
    await record(ctx, again, kind, false, note);
    throw refusalError(again);
  }
  const after: PassDoc = { ...p, state: result.state, gate, queueKey: null, updatedAt: ctx.now, rev: p.rev + 1, events: [...p.events, event] };
  await record(ctx, { ...judged, pass: after }, kind, true, note);
  if (match) {
    await tellPerson(ctx.db, after.applicant, after, '已放行', `您的物品放行条 ${after.no} 已在门岗核验放行。`, '门岗已核验放行', ctx.now);
  } else {
    await tellPerson(
      ctx.db,
      after.applicant,
      after,
      '未予放行',
      `门岗核对物品与放行条 ${after.no} 不符，未予放行${note ? `：${note}` : ''}。请按实际物品重新申请。`,
      '物品不符，请重新申请',
      ctx.now,
    );
  }
  const verdict: GateVerdict = { valid: true, refusal: null, message: match ? '已放行' : '已拒绝放行', pass: summaryView(after, ctx.caller, ctx.now) };
  return { verdict, pass: summaryView(after, ctx.caller, ctx.now) };
}
