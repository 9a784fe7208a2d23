/**
 * The one scrubber every sink of the bot writes through (stdout, stderr, the summary file, the
 * journal): it replaces each secret value it was given wherever it appears, raw, JSON-escaped or
 * URL-encoded, and also a secret cut short by a shortened message ("…"). The values live in a
 * private field: the scrubber prints as "[redacted]" through JSON.stringify, util.inspect and
 * String(), so a configuration object holding it can be logged whole.
 */
import { inspect } from 'node:util';

/** The text that replaces a secret value wherever it would have appeared. */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not scrubbed (they would blank out ordinary words); the auth package refuses such keys anyway. */
const SHORTEST_SECRET = 4;
/** A secret cut off before "…" is scrubbed down to this many leading characters. */
const SHORTEST_CUT = 6;

/**
 * A PEM private key's other spellings: with real line breaks and with literal `\n` (as a `.env`
 * file holds it), trimmed, and each base64 line of its body (a log may wrap or cut it per line).
 */
function pemForms(secret: string): string[] {
  if (!secret.includes('-----BEGIN')) return [];
  const withNewlines = secret.replaceAll('\\n', '\n');
  const lines = withNewlines
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length >= 16 && !line.startsWith('-----'));
  return [withNewlines, withNewlines.trim(), withNewlines.trim().replaceAll('\n', '\\n'), ...lines];
}

export class SecretScrubber {
  #secrets: string[] = [];
  /** Every form of every secret, longest first (so a longer form is replaced before its parts). */
  #forms: string[] = [];

  constructor(secrets: Iterable<string | undefined> = []) {
    this.add(secrets);
  }

  /** Adds values to scrub from everything written later (e.g. the embedded simulator's generated key). */
  add(secrets: Iterable<string | undefined>): void {
    for (const given of secrets)
      for (const secret of typeof given === 'string' ? [given, ...pemForms(given)] : [])
        if (secret.length >= SHORTEST_SECRET && !this.#secrets.includes(secret)) this.#secrets.push(secret);
    this.#forms = [
      ...new Set(
        this.#secrets.flatMap((secret) => [
          secret,
          JSON.stringify(secret).slice(1, -1),
          encodeURIComponent(secret),
        ]),
      ),
    ].sort((left, right) => right.length - left.length);
  }

  /** How many secret values it holds. */
  get size(): number {
    return this.#secrets.length;
  }

  /** The text with every secret replaced by {@link REDACTED}. */
  scrub(text: string): string {
    let scrubbed = text;
    for (const form of this.#forms)
      if (scrubbed.includes(form)) scrubbed = scrubbed.replaceAll(form, REDACTED);
    if (scrubbed.includes('…')) scrubbed = this.#scrubCutOff(scrubbed);
    return scrubbed;
  }

  /** A message shortened to a length limit may end inside a secret: "…" follows its first characters. */
  #scrubCutOff(text: string): string {
    let scrubbed = text;
    for (const secret of this.#secrets)
      for (let length = secret.length - 1; length >= Math.min(SHORTEST_CUT, secret.length - 1); length -= 1) {
        const cut = `${secret.slice(0, length)}…`;
        if (scrubbed.includes(cut)) scrubbed = scrubbed.replaceAll(cut, `${REDACTED}…`);
      }
    return scrubbed;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `SecretScrubber(${this.#secrets.length} secrets, ${REDACTED})`;
  }
}
