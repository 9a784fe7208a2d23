import { describe, expect, it } from 'vitest';
import { SnapshotSourceRequiredError } from './errors.js';
import { CoinbaseFeed } from './feed.js';

describe('CoinbaseFeed options', () => {
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
