// The pass's code (SPEC §5): a signed token short enough for a guard to read out or type.
//
//   code = ref ‖ mac, 16 Crockford base32 characters, shown as 7KQ2-M9XD-4TZR-B1NP
//   ref  = 40 random bits naming the pass (indexed, unique)
//   mac  = the first 40 bits of HMAC-SHA256(secret, "guanjia-pass-v1|id|community|from|to|ref")
//
// The code carries only the reference; the signature binds it to the pass's id, community and
// validity window as stored, so a pass whose window (or community) changed no longer matches its
// old code, and a code cannot be made without the secret. 40 bits of MAC against an online,
// logged, per-guard check is far beyond guessing. Crockford's alphabet has no I, L, O or U, and
// reading tolerates the usual confusions (O→0, I/L→1), lower case, spaces and dashes.
//
// Secrets come from the environment (PASS_SECRET, and PASS_SECRET_PREVIOUS while rotating), never
// from the repository; codes are computed when shown, so after a rotation new views show codes
// signed with the new secret while codes already handed out stay valid until their window ends.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const REF_CHARS = 8;
const MAC_CHARS = 8;
export const CODE_CHARS = REF_CHARS + MAC_CHARS;
const VERSION = 'guanjia-pass-v1';
/** A secret shorter than this is a configuration mistake, not a secret. */
export const MIN_SECRET_LENGTH = 16;

/** What a code is bound to. */
export interface PassBinding {
  id: string;
  communityId: string;
  from: Date;
  to: Date;
  ref: string;
  /**
   * What kind of code it is, for codes other than passes (a visitor's invitation: `visitor`): part
   * of the signed message, so one kind's code never checks out as another's. Absent for passes,
   * whose codes were signed before kinds existed.
   */
  purpose?: string;
}

export interface PassSecrets {
  current: string;
  /** the secret before the last rotation; codes it signed stay valid until they expire */
  previous: string | null;
}

/** Reads the secrets from the function's environment; a missing secret is a deployment fault. */
export function passSecrets(env: Record<string, string | undefined> = process.env): PassSecrets {
  const current = env.PASS_SECRET ?? '';
  if (current.length < MIN_SECRET_LENGTH) {
    throw new Error(`PASS_SECRET is not set (or shorter than ${MIN_SECRET_LENGTH} characters): set it in the cloud function's environment variables`);
  }
  const previous = env.PASS_SECRET_PREVIOUS ?? '';
  return { current, previous: previous.length >= MIN_SECRET_LENGTH && previous !== current ? previous : null };
}

function base32(bytes: Buffer, chars: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length >= chars) break;
  }
  return out;
}

/** A fresh pass reference (40 random bits). */
export function newRef(): string {
  return base32(randomBytes(5), REF_CHARS);
}

function mac(binding: PassBinding, secret: string): string {
  const message = [VERSION, ...(binding.purpose ? [binding.purpose] : []), binding.id, binding.communityId, binding.from.getTime(), binding.to.getTime(), binding.ref].join('|');
  return base32(createHmac('sha256', secret).update(message).digest().subarray(0, 5), MAC_CHARS);
}

/** The code for a pass, grouped in fours for reading aloud. */
export function signPass(binding: PassBinding, secret: string): string {
  const raw = binding.ref + mac(binding, secret);
  return raw.match(/.{4}/g)?.join('-') ?? raw;
}

/** A typed or scanned code in canonical form, or null when it cannot be one of ours. */
export function normaliseCode(input: string): { ref: string; mac: string } | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== CODE_CHARS) return null;
  for (const char of cleaned) if (!ALPHABET.includes(char)) return null;
  return { ref: cleaned.slice(0, REF_CHARS), mac: cleaned.slice(REF_CHARS) };
}

/** Which secret signed `presented` for this pass: 'current', 'previous', or null (not ours). */
export function checkMac(binding: PassBinding, presented: string, secrets: PassSecrets): 'current' | 'previous' | null {
  const equal = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  if (equal(mac(binding, secrets.current), presented)) return 'current';
  if (secrets.previous && equal(mac(binding, secrets.previous), presented)) return 'previous';
  return null;
}
