// The handover of a unit (入伙, SPEC §11): a steward records the owner, the day the keys were handed
// over — from then the unit's `possession` is what greetings and binding read —, the meter
// readings, the 房屋交付验收表 and each defect, which becomes a warranty ticket at once through the
// tickets' own create path. The owner confirms the record.
import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { moveInActions, MoveInRecord } from '../../../types/admin';
import type { RosterDoc, UnitDoc } from '../accounts/model';
import { maskPhone } from '../accounts/rules';
import type { Caller } from '../router/caller';
import { AppError, invalid, notFound } from '../router/errors';
import { createdEarlier, createdId } from '../router/idempotency';
import type { ActionContext } from '../router/router';
import { type Database, isDuplicateError } from '../sdk';
import { ticketsActionTable } from '../tickets/actions';
import { shanghaiDate, toShanghaiIso } from '../time';
import { defineAccess } from '../workflow/access';
import { defineMachine } from '../workflow/machine';
import { type Store, writeStep } from '../workflow/write';

type Ctx<A extends keyof typeof moveInActions> = ActionContext<z.output<(typeof moveInActions)[A]['input']>>;

export const MOVE_INS = 'moveIns';

export interface MoveInDoc {
  _id: string;
  communityId: string;
  unit: string;
  /** `${communityId}:${unit}`: an owner's records across communities are one indexed query */
  unitKey: string;
  ownerName: string;
  ownerPhone: string;
  /** the Shanghai day the keys were handed over */
  keysHandedOn: string;
  meters: Array<{ kind: 'water' | 'electricity' | 'gas'; reading: number; photos: string[] }>;
  checklist: Array<{ room: string; item: string; ok: boolean; note: string | null }>;
  defects: Array<{ room: string; description: string; severity: 'minor' | 'major'; photos: string[]; ticketId: string; ticketNo: string }>;
  state: 'recorded' | 'confirmed';
  rev: number;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  events: unknown[];
}

const STORE: Store<MoveInDoc> = { collection: MOVE_INS, whole: [], stale: '入伙记录已变化，请刷新后重试' };

/** The unit's people (any binding) and the community's stewards see a record; nobody else learns it exists. */
export const moveInAccess = defineAccess<MoveInDoc>({
  staff: ['steward'],
  hidden: '没有找到这份入伙记录',
  sees: ({ binding, post }) => Boolean(binding) || Boolean(post),
});

/** recorded → confirmed, by the unit's owner, once. */
const moveInMachine = defineMachine<MoveInDoc['state'], 'confirm', MoveInDoc>({
  rules: { confirm: { from: ['recorded'], to: 'confirmed', roles: ['owner'] } },
  may: (_doc, _command, actor) => actor.role === 'owner',
  forbidden: '只有业主本人可以确认入伙记录',
  stale: '这份入伙记录已确认',
});

const ownsUnit = (caller: Caller, doc: Pick<MoveInDoc, 'communityId' | 'unit'>) => caller.ownsUnit(doc.communityId, doc.unit);

export function moveInView(doc: MoveInDoc, caller: Caller): MoveInRecord {
  const staff = Boolean(moveInAccess.post(caller, doc.communityId));
  const owner = ownsUnit(caller, doc);
  return {
    id: doc._id,
    communityId: doc.communityId,
    unit: doc.unit,
    ownerName: doc.ownerName,
    ownerPhone: staff || owner ? doc.ownerPhone : maskPhone(doc.ownerPhone),
    keysHandedOn: doc.keysHandedOn,
    meters: doc.meters,
    checklist: doc.checklist,
    defects: doc.defects,
    state: doc.state,
    recordedByName: doc.recordedByName,
    recordedAt: toShanghaiIso(doc.recordedAt),
    confirmedAt: doc.confirmedAt ? toShanghaiIso(doc.confirmedAt) : null,
    canConfirm: doc.state === 'recorded' && owner,
  };
}

/** The request key a defect's ticket is created under: fixed by the record and the defect's place, so a retry makes no second ticket. */
const defectKey = (recordId: string, index: number) => createHash('sha256').update(`moveIn|${recordId}|defect|${index}`).digest('hex').slice(0, 40);

async function findRecord(database: Database, id: string): Promise<MoveInDoc | null> {
  return (await database.collection<MoveInDoc>(MOVE_INS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

export const moveInActionsTable = {
  moveIn: {
    roles: ['steward'] as const,
    create: true,
    async handler(ctx: Ctx<'moveIn'>) {
      const { input, caller, now, db: database } = ctx;
      const post = caller.postIn(input.communityId, ['steward']);
      if (!post) throw notFound('没有找到这个小区');
      const earlier = await createdEarlier<MoveInDoc>(ctx, MOVE_INS);
      if (earlier) return { record: moveInView(earlier, caller) };
      if (input.keysHandedOn > shanghaiDate(now)) throw invalid('交钥匙日期不能晚于今天', { keysHandedOn: '交钥匙日期不能晚于今天' });
      const unitId = `${input.communityId}:${input.unit}`;
      const unit = (await database.collection<UnitDoc>('units').where({ _id: unitId }).limit(1).get()).data[0];
      if (!unit) throw invalid(`本小区没有 ${input.unit} 这个房号`, { unit: '本小区没有这个房号' });
      if (unit.moveInId) throw new AppError('CONFLICT', `${input.unit} 已办理入伙，请查看已有的入伙记录`);

      const id = createdId(ctx) ?? `mi${randomUUID().replace(/-/g, '').slice(0, 24)}`;
      // Each defect is a warranty ticket (二类, 7 / 14 working days), made by the tickets' own create
      // as the steward recording a walk-in report for the unit, with the owner as its contact.
      const defects: MoveInDoc['defects'] = [];
      for (const [index, d] of input.defects.entries()) {
        const { ticket } = await ticketsActionTable.create.handler({
          ...ctx,
          requestKey: defectKey(id, index),
          input: {
            communityId: input.communityId,
            kind: 'warranty',
            scope: 'in_home',
            unit: input.unit,
            description: `入伙验收（${d.room}）：${d.description}`,
            photos: d.photos,
            severity: d.severity,
            channel: 'walk_in',
            contactName: input.ownerName,
            contactPhone: input.ownerPhone,
          },
        });
        defects.push({ room: d.room, description: d.description, severity: d.severity, photos: d.photos, ticketId: ticket.id, ticketNo: ticket.no });
      }
      const doc: MoveInDoc = {
        _id: id,
        communityId: input.communityId,
        unit: input.unit,
        unitKey: unitId,
        ownerName: input.ownerName,
        ownerPhone: input.ownerPhone,
        keysHandedOn: input.keysHandedOn,
        meters: input.meters,
        checklist: input.checklist,
        defects,
        state: 'recorded',
        rev: 0,
        recordedBy: caller.openid,
        recordedByName: post.name,
        recordedAt: now,
        confirmedBy: null,
        confirmedAt: null,
        events: [],
      };
      await database.collection(MOVE_INS).add({ data: { ...doc } });
      // From here the owner has taken possession: greetings and binding read `possession`.
      await database
        .collection('units')
        .where({ _id: unitId })
        .update({ data: { possession: true, possessionOn: input.keysHandedOn, moveInId: id } });
      // The owner joins the roster, so binding with the phone WeChat verifies is immediate.
      const roster = await database.collection<RosterDoc>('roster').where({ communityId: input.communityId, unit: input.unit }).limit(20).get();
      if (!roster.data.some((r) => r.phone === input.ownerPhone)) {
        try {
          await database.collection('roster').add({
            data: { _id: `${unitId}:${input.ownerPhone}`, communityId: input.communityId, unit: input.unit, name: input.ownerName, phone: input.ownerPhone },
          });
        } catch (error) {
          if (!isDuplicateError(error)) throw error;
        }
      }
      return { record: moveInView(doc, caller) };
    },
  },

  moveInRecord: {
    roles: 'anyone' as const,
    async handler({ input, caller, db: database }: Ctx<'moveInRecord'>) {
      const doc = await moveInAccess.load(findRecord(database, input.id), caller);
      return { record: moveInView(doc, caller) };
    },
  },

  moveIns: {
    roles: 'anyone' as const,
    async handler({ input, caller, db: database }: Ctx<'moveIns'>) {
      const _ = database.command;
      const communityId = input.communityId ?? caller.communitiesAs(['steward'])[0];
      if (communityId && moveInAccess.post(caller, communityId)) {
        const found = await database.collection<MoveInDoc>(MOVE_INS).where({ communityId }).orderBy('recordedAt', 'desc').limit(50).get();
        return { records: found.data.map((d) => moveInView(d, caller)), nextCursor: null };
      }
      const keys = [...new Set(caller.bindings.map((b) => `${b.communityId}:${b.unit}`))];
      if (keys.length === 0) return { records: [], nextCursor: null };
      const found = await database
        .collection<MoveInDoc>(MOVE_INS)
        .where({ unitKey: _.in(keys) })
        .limit(50)
        .get();
      return { records: found.data.map((d) => moveInView(d, caller)), nextCursor: null };
    },
  },

  confirmMoveIn: {
    roles: ['owner'] as const,
    async handler({ input, caller, now, db: database }: Ctx<'confirmMoveIn'>) {
      const doc = await moveInAccess.load(findRecord(database, input.id), caller);
      const decided = moveInMachine.decide(doc, 'confirm', { id: caller.openid, role: ownsUnit(caller, doc) ? 'owner' : 'resident' }, now);
      if (!decided.ok) throw new AppError(decided.code, decided.message);
      await writeStep(database, STORE, doc, { state: 'confirmed', confirmedBy: caller.openid, confirmedAt: now }, { events: [decided.event] });
      return { record: moveInView({ ...doc, state: 'confirmed', confirmedBy: caller.openid, confirmedAt: now, rev: doc.rev + 1 }, caller) };
    },
  },
};
