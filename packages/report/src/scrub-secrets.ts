/**
 * The configuration section must never show a secret, even one a caller put there by mistake:
 * values under secret-sounding keys are replaced, and so are values that look like key material
 * (PEM blocks, long base64 or hex strings) whatever their key.
 */

/** What a scrubbed value is shown as. */
export const REDACTED = '[redacted]';

const SECRET_KEY = /(secret|passphrase|password|passwd|token|api[-_]?key|private|credential|signature|auth)/i;
const PEM = /-----BEGIN [A-Z ]+-----/;
/** 32+ characters of base64/hex with no spaces: a key or signature, not a word a person wrote. */
const KEY_MATERIAL = /^(?=.*\d)[A-Za-z0-9+/=_-]{32,}$/;

/** True when a key name suggests its value is a secret (`apiKey`, `passphrase`, `COINBASE_API_SECRET`). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** True when a string looks like key material rather than a setting. */
export function looksLikeSecret(value: string): boolean {
  return PEM.test(value) || KEY_MATERIAL.test(value.trim());
}

/** A deep copy of `value` with secret-looking entries replaced by {@link REDACTED}. */
export function scrubSecrets(value: unknown, key = ''): unknown {
  if (key !== '' && isSecretKey(key)) return REDACTED;
  if (typeof value === 'string') return looksLikeSecret(value) ? REDACTED : value;
  if (Array.isArray(value)) return value.map((item) => scrubSecrets(item));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, scrubSecrets(item, name)]));
  }
  return value;
}
