// Passes are the lobby's register of goods that left (SPEC §1): when an applicant deletes their
// data the passes stay, stripped of who applied, how to reach them and the mover's name and phone;
// an owner's in-app confirmation of a tenant's pass loses their id and name the same way.
import { registerPersonalData } from '../privacy';
import type { Database } from '../sdk';
import type { PassDoc } from './model';
import { PASSES } from './data';

/** What an applicant (and their entries in the timeline) become once they have deleted their data. */
export const ERASED_APPLICANT = 'erased';

const PAGE = 100;
const ATTEMPTS = 3;

function stripped(p: PassDoc, openid: string): Record<string, unknown> {
  const changes: Record<string, unknown> = {
    events: p.events.map((e) => (e.actorId === openid ? { ...e, actorId: ERASED_APPLICANT } : e)),
  };
  if (p.applicant === openid) {
    Object.assign(changes, { applicant: ERASED_APPLICANT, applicantName: null, applicantPhone: null, carrier: { name: null, phone: null, plate: p.carrier.plate } });
  }
  if (p.ownerConfirmation?.by === openid && p.ownerConfirmation.method === 'app') {
    changes.ownerConfirmation = { ...p.ownerConfirmation, by: ERASED_APPLICANT, byName: null };
  }
  return changes;
}

async function eraseOne(database: Database, found: PassDoc, openid: string): Promise<boolean> {
  const passes = database.collection<PassDoc>(PASSES);
  const _ = database.command;
  let p: PassDoc | undefined = found;
  for (let attempt = 0; p && attempt < ATTEMPTS; attempt += 1) {
    const changes = stripped(p, openid);
    // objects replaced whole, conditional on rev like every transition
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(changes)) data[key] = typeof value === 'object' && value !== null && !Array.isArray(value) ? _.set(value) : value;
    const done = await passes.where({ _id: p._id, rev: p.rev }).update({ data: { ...data, rev: _.inc(1) } });
    if (done.stats.updated === 1) return true;
    p = (await passes.where({ _id: p._id }).limit(1).get()).data[0];
    if (p && p.applicant !== openid && p.ownerConfirmation?.by !== openid) return true;
  }
  return p === undefined;
}

const held = (database: Database, openid: string) => {
  const _ = database.command;
  return database.collection<PassDoc>(PASSES).where(_.or([{ applicant: openid }, { 'ownerConfirmation.by': openid }]) as unknown as Record<string, unknown>);
};

async function erase(database: Database, openid: string): Promise<number> {
  let erased = 0;
  for (;;) {
    const page = await held(database, openid).limit(PAGE).get();
    if (page.data.length === 0) return erased;
    for (const p of page.data) {
      if (!(await eraseOne(database, p, openid))) throw new Error(`pass ${p._id} kept changing while its applicant was erased`);
      erased += 1;
    }
  }
}

registerPersonalData({
  name: 'passes',
  count: async (database, openid) => (await held(database, openid).count()).total,
  erase,
});
