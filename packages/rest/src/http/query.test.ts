import { describe, expect, it } from 'vitest';
import { encodeQuery, pathSegment } from './query.js';

describe('encodeQuery', () => {
  it('keeps insertion order, skips undefined and repeats arrays', () => {
    expect(
      encodeQuery({
        product_id: 'BTC-USD',
        status: ['open', 'pending'],
        before: undefined,
        limit: 100,
        post_only: true,
      }),
    ).toBe('?product_id=BTC-USD&status=open&status=pending&limit=100&post_only=true');
  });

  it('returns an empty string when nothing is left, so the signed path has no dangling "?"', () => {
    expect(encodeQuery(undefined)).toBe('');
    expect(encodeQuery({})).toBe('');
    expect(encodeQuery({ after: undefined })).toBe('');
  });

  it('percent-encodes reserved characters in keys and values', () => {
    expect(encodeQuery({ start: '2024-01-01T00:00:00.000Z', 'a b': 'x&y=z' })).toBe(
      '?start=2024-01-01T00%3A00%3A00.000Z&a%20b=x%26y%3Dz',
    );
  });
});

describe('pathSegment', () => {
  it('cannot add path structure of its own', () => {
    expect(pathSegment('../accounts?x=1#y')).toBe('..%2Faccounts%3Fx%3D1%23y');
    expect(pathSegment('BTC-USD')).toBe('BTC-USD');
  });
});
