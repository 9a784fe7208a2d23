import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SequenceTracker } from './sequence-tracker.js';

describe('SequenceTracker', () => {
  it('accepts consecutive sequences and reports gaps, duplicates and out-of-order messages', () => {
    const tracker = new SequenceTracker();
    expect(tracker.observe('BTC-USD', 10)).toBe('first');
    expect(tracker.observe('BTC-USD', 11)).toBe('next');
    expect(tracker.observe('BTC-USD', 14)).toBe('gap');
    expect(tracker.lastProblem).toEqual({
      productId: 'BTC-USD',
      kind: 'gap',
      expected: 12,
      received: 14,
      missing: 2,
      via: 'message',
    });
    expect(tracker.observe('BTC-USD', 14)).toBe('duplicate');
    expect(tracker.observe('BTC-USD', 9)).toBe('out-of-order');
    expect(tracker.lastProblem?.kind).toBe('out-of-order');
    expect(tracker.observe('BTC-USD', 15)).toBe('next');
    expect(tracker.observe('ETH-USD', 3)).toBe('first'); // products are independent
  });

  it('treats a heartbeat as the latest sequence without consuming one', () => {
    const tracker = new SequenceTracker();
    expect(tracker.observeHeartbeat('BTC-USD', 5)).toBe('first');
    expect(tracker.observe('BTC-USD', 6)).toBe('next');
    expect(tracker.observeHeartbeat('BTC-USD', 6)).toBe('next');
    expect(tracker.observeHeartbeat('BTC-USD', 8)).toBe('gap');
    expect(tracker.lastProblem).toEqual({
      productId: 'BTC-USD',
      kind: 'gap',
      expected: 7,
      received: 8,
      missing: 2,
      via: 'heartbeat',
    });
    expect(tracker.observe('BTC-USD', 9)).toBe('next');
  });

  it('forgets on reset', () => {
    const tracker = new SequenceTracker();
    tracker.observe('BTC-USD', 1);
    tracker.reset();
    expect(tracker.observe('BTC-USD', 100)).toBe('first');
  });

  it('reports exactly the dropped count over any stream with drops (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 300 }), (delivered) => {
        const tracker = new SequenceTracker();
        tracker.observe('P', 0);
        let reported = 0;
        delivered.forEach((isDelivered, index) => {
          if (isDelivered && tracker.observe('P', index + 1) === 'gap') {
            reported += tracker.lastProblem?.missing ?? 0;
          }
        });
        // A trailing loss is only visible to the next heartbeat.
        if (tracker.observeHeartbeat('P', delivered.length) === 'gap')
          reported += tracker.lastProblem?.missing ?? 0;
        expect(reported).toBe(delivered.filter((isDelivered) => !isDelivered).length);
      }),
    );
  });
});
