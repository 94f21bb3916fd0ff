// Who reports a ticket: an owner or resident for a unit they are bound to, or a steward recording
// a report made by phone or at the front desk.
import type { z } from 'zod';
import type { ActorRole } from '../../../types/enums';
import type { ticketActions } from '../../../types/tickets';
import type { BindingDoc, UnitDoc } from '../accounts/model';
import type { Caller } from '../router/caller';
import { AppError, forbidden, invalid } from '../router/errors';
import type { Database } from '../sdk';
import { UNBOUND_REPORTER } from './model';
import { postFor } from './views';

type CreateInput = z.output<(typeof ticketActions)['create']['input']>;

export interface Reporter {
  communityId: string;
  reporter: string;
  reporterRole: 'owner' | 'resident';
  reporterName: string | null;
  reporterPhone: string | null;
  actorRole: ActorRole;
  actorName: string | null;
}

/** An owner or resident reporting for a unit they are bound to. */
export function reportedBy(caller: Caller, input: CreateInput): Reporter {
  const binding = caller.bindings.find((b) => b.unit === input.unit && (!input.communityId || b.communityId === input.communityId));
  if (!binding) throw new AppError('FORBIDDEN', '您尚未绑定该房屋，无法为它报事', { unit: '您尚未绑定该房屋' });
  return {
    communityId: binding.communityId,
    reporter: binding.openid,
    reporterRole: binding.role,
    reporterName: binding.name,
    reporterPhone: binding.phone,
    actorRole: binding.role,
    actorName: null,
  };
}

/**
 * A steward recording a report made by phone or at the front desk. The ticket belongs to the unit
 * (its owner and residents see it, as ever); notices go to the unit's owner on record, who may
 * not be the person who called: that person's name and number are kept as the contact.
 */
export async function recordedFor(database: Database, caller: Caller, input: CreateInput): Promise<Reporter> {
  const communityId = input.communityId ?? caller.communitiesAs(['steward'])[0];
  const post = communityId ? caller.postIn(communityId, ['steward']) : undefined;
  if (!communityId || !post) throw forbidden('只有本小区的管家可以代业主登记');
  const [unit, owners] = await Promise.all([
    database.collection<UnitDoc>('units').where({ communityId, unit: input.unit }).limit(1).get(),
    database.collection<BindingDoc>('bindings').where({ communityId, unit: input.unit, state: 'active' }).limit(20).get(),
  ]);
  if (unit.data.length === 0) throw invalid('本小区没有这个房号', { unit: '本小区没有这个房号' });
  const bound = owners.data.find((b) => b.role === 'owner') ?? owners.data[0];
  // someone who is bound and called: their own binding is the better contact
  const caller_ = input.contactPhone ? owners.data.find((b) => b.phone === input.contactPhone) : undefined;
  const holder = caller_ ?? bound;
  return {
    communityId,
    // no one bound yet: the ticket is the property's own, with the contact the steward took down
    reporter: holder?.openid ?? `${UNBOUND_REPORTER}:${communityId}:${input.unit}`,
    reporterRole: holder?.role ?? 'owner',
    reporterName: input.contactName ?? holder?.name ?? null,
    reporterPhone: input.contactPhone ?? holder?.phone ?? null,
    actorRole: postFor(caller, communityId)?.role ?? 'steward',
    actorName: post.name,
  };
}

export function channelNote(channel: 'phone' | 'walk_in', contact: string | null): string {
  const how = channel === 'phone' ? '电话报事' : '来访报事';
  return contact ? `${how}，联系人 ${contact}` : how;
}
