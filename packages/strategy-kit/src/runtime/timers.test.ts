import type { Clock } from '@tradeloop/clock';
import { describe, expect, it } from 'vitest';
import { type TimerFired, Timers } from './timers.js';

/** A clock that jumps straight to a time and only then runs what fell due: a loop that was blocked. */
class JumpingClock implements Clock {
  current = 0;
  readonly pending: Array<{ at: number; callback: () => void; canceled: boolean }> = [];
  now() {
    return this.current;
  }
  setTimer(delayMs: number, callback: () => void) {
    const timer = { at: this.current + delayMs, callback, canceled: false };
    this.pending.push(timer);
    return () => {
      timer.canceled = true;
    };
  }
  jumpTo(time: number) {
    this.current = time;
    for (;;) {
      const due = this.pending
        .filter((timer) => !timer.canceled && timer.at <= time)
        .sort((left, right) => left.at - right.at)[0];
      if (due === undefined) return;
      due.canceled = true;
      due.callback();
    }
  }
}

describe('Timers', () => {
  it('after a stall, an interval timer fires once and returns to its grid (no burst, no drift)', () => {
    const clock = new JumpingClock();
    const fired: TimerFired[] = [];
    const timers = new Timers(clock, (timer) => fired.push(timer));
    timers.every(1000, 'tick');
    clock.jumpTo(1000);
    clock.jumpTo(5500);
    clock.jumpTo(6000);
    expect(fired.map((timer) => [timer.scheduledAt, timer.firedAt])).toEqual([
      [1000, 1000],
      [2000, 5500],
      [6000, 6000],
    ]);
  });

  it('cancels one timer or all, and refuses non-positive delays', () => {
    const clock = new JumpingClock();
    const fired: string[] = [];
    const timers = new Timers(clock, (timer) => fired.push(timer.name));
    const every = timers.every(100, 'every');
    timers.after(150, 'after');
    timers.after(50, 'early');
    timers.cancel(every);
    clock.jumpTo(1000);
    expect(fired).toEqual(['early', 'after']);
    timers.every(10);
    timers.cancelAll();
    clock.jumpTo(2000);
    expect(fired).toHaveLength(2);
    expect(timers.size).toBe(0);
    expect(() => timers.every(0)).toThrow(RangeError);
  });
});
