// Patrol points and their codes (SPEC §13). A point's code is signed like a pass code
// (core/passes/token.ts): a reference naming the point and a MAC over the point's id, community
// and creation, so a photo of another community's code, a typed guess or an altered code is
// refused, and a retired point's code no longer counts. The signed id is prefixed `patrol-point:`,
// which no pass id is, so a point's code can never pass for a pass's or the other way round.
import { AppError, invalid } from '../router/errors';
import { type Database, isDuplicateError } from '../sdk';
import { checkMac, newRef, normaliseCode, type PassBinding, passSecrets, signPass } from '../passes/token';
import { POINTS, type PointDoc } from './model';

const binding = (p: PointDoc): PassBinding => ({ id: `patrol-point:${p._id}`, communityId: p.communityId, from: p.createdAt, to: p.createdAt, ref: p.ref });

/** The code printed as the point's QR code. */
export const pointCode = (p: PointDoc): string => signPass(binding(p), passSecrets().current);

/** Adds a point with a fresh reference (retried on the rare collision the unique index reports). */
export async function addPoint(database: Database, doc: Omit<PointDoc, '_id' | 'ref'>): Promise<PointDoc> {
  for (let attempt = 0; ; attempt += 1) {
    const ref = newRef();
    try {
      const added = await database.collection(POINTS).add({ data: { ...doc, ref } });
      return { ...doc, ref, _id: added._id };
    } catch (error) {
      if (!isDuplicateError(error) || attempt >= 3) throw error;
    }
  }
}

/** The active point a scanned or typed code names in the caller's community; refused otherwise, with the reason. */
export async function pointOfCode(database: Database, code: string, communityId: string): Promise<PointDoc> {
  const parts = normaliseCode(code);
  const refused = (message: string) => invalid(message, { code: message });
  if (!parts) throw refused('不是本系统的巡查点编码');
  const found = (await database.collection<PointDoc>(POINTS).where({ ref: parts.ref }).limit(1).get()).data[0];
  if (!found) throw refused('不是本系统的巡查点编码');
  if (!checkMac(binding(found), parts.mac, passSecrets())) throw refused('巡查点编码无效（可能被改动或伪造）');
  if (found.communityId !== communityId) throw new AppError('FORBIDDEN', '这是其他小区的巡查点', { code: '这是其他小区的巡查点' });
  if (found.state !== 'active') throw new AppError('CONFLICT', '这个巡查点已停用', { code: '这个巡查点已停用' });
  return found;
}

export async function activePoints(database: Database, communityId: string, buildings?: readonly string[]): Promise<PointDoc[]> {
  const _ = database.command;
  const where: Record<string, unknown> = { communityId, state: 'active' };
  if (buildings) where.building = _.in([...buildings]);
  const out: PointDoc[] = [];
  // a community has hundreds of points at most; read in pages of the SDK's 100
  for (;;) {
    const page = await database.collection<PointDoc>(POINTS).where(where).orderBy('_id', 'asc').skip(out.length).limit(100).get();
    out.push(...page.data);
    if (page.data.length < 100) return out;
  }
}
