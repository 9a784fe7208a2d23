import { describe, expect, it } from 'vitest';
import { REDACTED, scrubSecrets } from './scrub-secrets.js';

describe('scrubSecrets', () => {
  it('replaces values under secret-sounding keys, at any depth', () => {
    const scrubbed = scrubSecrets({
      strategy: 'market-maker',
      apiKey: 'abc',
      credentials: { key: 'k', passphrase: 'p' },
      venue: { name: 'sandbox', COINBASE_API_SECRET: 'c2VjcmV0' },
      parameters: { spread: '0.0004' },
    });
    expect(scrubbed).toEqual({
      strategy: 'market-maker',
      apiKey: REDACTED,
      credentials: REDACTED,
      venue: { name: 'sandbox', COINBASE_API_SECRET: REDACTED },
      parameters: { spread: '0.0004' },
    });
  });

  it('replaces values that look like key material whatever their key', () => {
    const pem = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----';
    const base64 = 'dGhpcyBpcyBub3QgYSByZWFsIHNlY3JldCBidXQgbG9va3MgbGlrZSBvbmU9';
    expect(
      scrubSecrets({ note: pem, extra: [base64, 'BTC-USD'], venue: 'coinbase-exchange sandbox' }),
    ).toEqual({
      note: REDACTED,
      extra: [REDACTED, 'BTC-USD'],
      venue: 'coinbase-exchange sandbox',
    });
  });
});
