import { describe, expect, it } from 'vitest';
import { describeValue, TradeloopError } from './base-error.js';

class FeedError extends TradeloopError {}
class FeedClosedError extends FeedError {
  constructor() {
    super('feed_closed', 'the feed was closed');
  }
}
class OtherError extends TradeloopError {}

describe('TradeloopError', () => {
  it('carries a stable code, message, name and cause', () => {
    const cause = new Error('socket hang up');
    const error = new FeedError('feed_failed', 'the feed failed', { cause });
    expect(error.code).toBe('feed_failed');
    expect(error.message).toBe('the feed failed');
    expect(error.name).toBe('FeedError');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });

  it('recognises its own class and ancestors, but not siblings', () => {
    const error = new FeedClosedError();
    expect(TradeloopError.isInstance(error)).toBe(true);
    expect(FeedError.isInstance(error)).toBe(true);
    expect(FeedClosedError.isInstance(error)).toBe(true);
    expect(OtherError.isInstance(error)).toBe(false);
    expect(TradeloopError.isInstance(new Error('plain'))).toBe(false);
    expect(TradeloopError.isInstance(null)).toBe(false);
    expect(TradeloopError.isInstance('feed_closed')).toBe(false);
  });

  it('recognises an error made by another copy of the package (same markers, other class objects)', () => {
    // A second copy of the package defines a class of the same name with its own identity.
    class FeedClosedErrorFromOtherCopy extends TradeloopError {}
    Object.defineProperty(FeedClosedErrorFromOtherCopy, 'name', { value: 'FeedClosedError' });
    const foreign = new FeedClosedErrorFromOtherCopy('feed_closed', 'closed');
    expect(foreign instanceof FeedClosedError).toBe(false);
    expect(FeedClosedError.isInstance(foreign)).toBe(true);
  });

  it('serialises to JSON without a stack', () => {
    const json = JSON.parse(JSON.stringify(new FeedClosedError()));
    expect(json).toEqual({ name: 'FeedClosedError', code: 'feed_closed', message: 'the feed was closed' });
  });
});

describe('describeValue', () => {
  it('describes without echoing', () => {
    expect(describeValue('hunter2')).toBe('a string of 7 characters');
    expect(describeValue('')).toBe('an empty string');
    expect(describeValue(12)).toBe('a number');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1, 2])).toBe('an array of 2');
  });
});
