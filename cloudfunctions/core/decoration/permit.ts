// The permit's code (施工许可证 QR), signed like a pass's (core/passes/token.ts: the same code
// shape and HMAC) under a key of its own derived from the pass secret, so a permit code is never a
// pass code nor the reverse. The guard's check (`judgePermit`) is pure: dates, working hours,
// community, state, forgery — each refusal with its own reason.
import type { PermitRefusal } from '../../../types/decoration';
import { type PassBinding, type PassSecrets, checkMac, normaliseCode, passSecrets, signPass } from '../passes/token';
import { shanghaiParts } from '../time';
import type { DecorationDoc } from './model';

const DOMAIN = '|decoration-permit';

/** The pass secrets, bent to permits (rotation works the same). */
export function permitSecrets(env?: Record<string, string | undefined>): PassSecrets {
  const s = passSecrets(env);
  return { current: s.current + DOMAIN, previous: s.previous ? s.previous + DOMAIN : null };
}

/** What a permit code is bound to: the application, its community, the permit's dates, its reference. */
export function permitBinding(d: Pick<DecorationDoc, '_id' | 'communityId' | 'ref' | 'permit'>): PassBinding | null {
  if (!d.permit) return null;
  return { id: d._id, communityId: d.communityId, from: d.permit.validFrom, to: d.permit.validTo, ref: d.ref };
}

export function signPermit(d: Pick<DecorationDoc, '_id' | 'communityId' | 'ref' | 'permit'>, secrets = permitSecrets()): string | null {
  const binding = permitBinding(d);
  return binding ? signPass(binding, secrets.current) : null;
}

export type PermitResult = { valid: true } | { valid: false; refusal: PermitRefusal; showDecoration: boolean };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * What a code is worth at the gate of `guardCommunities` at `now`. A code that is not ours says
 * nothing about any application; another community's is not described to this guard.
 */
export function judgePermit(code: string, found: DecorationDoc | null, secrets: PassSecrets, guardCommunities: readonly string[], now: Date): PermitResult {
  const parsed = normaliseCode(code);
  if (!parsed || !found || found.ref !== parsed.ref) return { valid: false, refusal: 'forged', showDecoration: false };
  const binding = permitBinding(found);
  if (!binding || !checkMac(binding, parsed.mac, secrets)) return { valid: false, refusal: 'tampered', showDecoration: false };
  if (!guardCommunities.includes(found.communityId)) return { valid: false, refusal: 'other_community', showDecoration: false };
  if (found.state === 'suspended') return { valid: false, refusal: 'suspended', showDecoration: true };
  if (found.state !== 'permitted' && found.state !== 'in_progress') return { valid: false, refusal: 'not_permitted', showDecoration: true };
  const permit = found.permit;
  if (!permit) return { valid: false, refusal: 'not_permitted', showDecoration: true };
  if (now < permit.validFrom) return { valid: false, refusal: 'not_yet_valid', showDecoration: true };
  if (now > permit.validTo) return { valid: false, refusal: 'expired', showDecoration: true };
  const p = shanghaiParts(now);
  const minute = p.hour * 60 + p.minute;
  if (minute < minutesOf(permit.workingHours.from) || minute >= minutesOf(permit.workingHours.to)) return { valid: false, refusal: 'outside_hours', showDecoration: true };
  return { valid: true };
}
