import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REDACTED, SecretScrubber } from './secret-scrubber.js';

const secret = 'c2VjcmV0L3dpdGgrc2xhc2g9PQ==';
const passphrase = 'pass "phrase" ünïcode';

describe('SecretScrubber', () => {
  it('scrubs raw, JSON-escaped, URL-encoded and cut-off forms', () => {
    const scrubber = new SecretScrubber([secret, passphrase, undefined, 'ab']);
    expect(scrubber.size).toBe(2);
    const text = [
      secret,
      JSON.stringify({ value: passphrase }),
      encodeURIComponent(passphrase),
      `message shortened: ${secret.slice(0, 10)}…`,
      'ab stays (too short to be a key)',
    ].join(' | ');
    const scrubbed = scrubber.scrub(text);
    expect(scrubbed).not.toContain(secret.slice(0, 10));
    expect(scrubbed).not.toContain('cod');
    expect(scrubbed).not.toContain('%C3');
    expect(scrubbed).toContain('ab stays');
    expect(scrubbed.split(REDACTED).length - 1).toBe(4);
    // Inside JSON it keeps the JSON valid.
    expect(JSON.parse(scrubber.scrub(JSON.stringify({ reason: `echo ${passphrase}` })))).toEqual({
      reason: `echo ${REDACTED}`,
    });
  });

  it('never prints what it holds', () => {
    const scrubber = new SecretScrubber([secret]);
    scrubber.add([passphrase]);
    for (const printed of [JSON.stringify({ scrubber }), inspect({ scrubber }), String(scrubber)]) {
      expect(printed).not.toContain(secret);
      expect(printed).not.toContain(passphrase);
      expect(printed).toContain(REDACTED);
    }
  });
});
