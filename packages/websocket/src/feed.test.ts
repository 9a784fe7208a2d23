import { createExchangeCredentials } from '@tradeloop/auth';
import { describe, expect, it } from 'vitest';
import { FeedEnvironmentRequiredError, SnapshotSourceRequiredError } from './errors.js';
import { CoinbaseFeed, PRODUCTION_FEED_URL, SANDBOX_FEED_URL } from './feed.js';

describe('CoinbaseFeed options', () => {
  const credentials = createExchangeCredentials({
    apiKey: '0123456789abcdef0123456789abcdef',
    apiSecret: Buffer.alloc(64, 7).toString('base64'),
    passphrase: 'not-a-real-passphrase',
  });

  it('with credentials, refuses to choose a feed itself: no default reaches real money', () => {
    for (const options of [{ credentials }, { credentials, sandbox: false }]) {
      let caught: unknown;
      try {
        new CoinbaseFeed(options);
      } catch (error) {
        caught = error;
      }
      expect(FeedEnvironmentRequiredError.isInstance(caught)).toBe(true);
      expect((caught as FeedEnvironmentRequiredError).code).toBe('environment_required');
      expect((caught as Error).message).toMatch(/pass sandbox: true .*url: PRODUCTION_FEED_URL/);
    }
    expect(new CoinbaseFeed({ credentials, sandbox: true }).url).toBe(SANDBOX_FEED_URL);
    expect(new CoinbaseFeed({ credentials, url: PRODUCTION_FEED_URL }).url).toBe(PRODUCTION_FEED_URL);
    // Public channels cost nothing: production stays the default without a key.
    expect(new CoinbaseFeed().url).toBe(PRODUCTION_FEED_URL);
  });

  it('refuses level-3 books without a snapshot source, saying what to pass', () => {
    expect(() => new CoinbaseFeed({ books: { level3: true } })).toThrow(SnapshotSourceRequiredError);
    try {
      new CoinbaseFeed({ books: { level3: true } });
      expect.unreachable();
    } catch (error) {
      expect((error as SnapshotSourceRequiredError).code).toBe('snapshot_source_required');
      expect((error as Error).message).toMatch(/expected books\.level3Snapshots .* received none; pass one/);
    }
  });

  it('keeps level-3 books only with a source: without one, a feed needs none', () => {
    expect(() => new CoinbaseFeed()).not.toThrow();
    expect(() => new CoinbaseFeed({ books: { level3: false } })).not.toThrow();
    const source = () => Promise.reject(new Error('not called'));
    expect(() => new CoinbaseFeed({ books: { level3: true, level3Snapshots: source } })).not.toThrow();
  });
});
