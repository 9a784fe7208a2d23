import { ManualClock } from '@tradeloop/clock';
import { describe, expect, it } from 'vitest';
import { ExchangeClock, formatTimestamp } from './clock.js';

describe('formatTimestamp', () => {
  it('writes integer seconds or seconds with three decimals', () => {
    expect(formatTimestamp(1_700_000_000_999, 'seconds')).toBe('1700000000');
    expect(formatTimestamp(1_700_000_000_007, 'milliseconds')).toBe('1700000000.007');
    expect(formatTimestamp(1_700_000_000_000, 'milliseconds')).toBe('1700000000.000');
  });
});

describe('ExchangeClock', () => {
  it('measures the offset at the midpoint of the round trip', () => {
    const local = new ManualClock(1_000_000);
    const clock = new ExchangeClock({ source: local });
    // Request sent at 1_000_000, answered at 1_000_200; the server said 1_041_100 ms.
    const offset = clock.updateFromServerTime(1041.1, 1_000_000, 1_000_200);
    expect(offset).toBe(41_000);
    local.advanceTo(2_000_000);
    expect(clock.now()).toBe(2_041_000);
    expect(clock.localNow()).toBe(2_000_000);
  });

  it("runs timers on the source's time, whatever the offset", () => {
    const local = new ManualClock(1_000);
    const clock = new ExchangeClock({ source: local, offsetMs: 60_000 });
    const firedAt: number[] = [];
    clock.setTimer(500, () => firedAt.push(local.now()));
    const cancel = clock.setTimer(500, () => firedAt.push(-1));
    cancel();
    clock.setOffsetMs(-30_000);
    local.advanceBy(499);
    expect(firedAt).toEqual([]);
    local.advanceBy(1);
    expect(firedAt).toEqual([1_500]);
    expect(clock.source).toBe(local);
  });

  it('rejects nonsense server times', () => {
    const clock = new ExchangeClock();
    expect(() => clock.updateFromServerTime(Number.NaN, 0, 1)).toThrowError(/expected the server time/);
    expect(() => clock.setOffsetMs(Number.POSITIVE_INFINITY)).toThrowError(/finite offset/);
  });
});
