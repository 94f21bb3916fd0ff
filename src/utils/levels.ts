// The service levels a page promises: the caller's community's, as account.me answers them
// (types/sla.ts). Pages never write a service time themselves; they phrase these.
import type { Me } from '../../types/account';
import type { ServiceLevels } from '../../types/sla';
import { useSession } from '../services/session';

/**
 * The levels of `communityId` when the caller belongs to it, else of the caller's first community
 * (me lists the active unit's first), else the product's defaults (the only entry then).
 */
export function levelsOf(me: Pick<Me, 'serviceLevels'>, communityId?: string | null): ServiceLevels {
  const own = communityId ? me.serviceLevels.find((levels) => levels.communityId === communityId) : undefined;
  return own ?? me.serviceLevels[0];
}

/** For components below a page: the signed-in person's levels, or null before account.me is in. */
export function useServiceLevels(communityId?: string | null): ServiceLevels | null {
  const { me } = useSession();
  return me ? levelsOf(me, communityId) : null;
}

export { within } from './within';
