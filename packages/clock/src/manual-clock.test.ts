import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sleep } from './clock.js';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('fires timers in time order, ties in the order they were set, each at its own time', () => {
    const clock = new ManualClock(1_000);
    const seen: string[] = [];
    clock.setTimer(30, () => seen.push(`c@${clock.now()}`));
    clock.setTimer(10, () => seen.push(`a@${clock.now()}`));
    clock.setTimer(10, () => seen.push(`b@${clock.now()}`));
    clock.advanceBy(25);
    expect(seen).toEqual(['a@1010', 'b@1010']);
    expect(clock.now()).toBe(1_025);
    clock.advanceTo(2_000);
    expect(seen).toEqual(['a@1010', 'b@1010', 'c@1030']);
    expect(clock.now()).toBe(2_000);
  });

  it('never moves backwards and skips canceled timers', () => {
    const clock = new ManualClock(500);
    const fired: number[] = [];
    const cancel = clock.setTimer(5, () => fired.push(1));
    clock.setTimer(6, () => fired.push(2));
    cancel();
    cancel();
    expect(clock.pendingTimers).toBe(1);
    clock.advanceTo(100);
    expect(clock.now()).toBe(500);
    clock.advanceBy(10);
    expect(fired).toEqual([2]);
    expect(clock.pendingTimers).toBe(0);
    expect(clock.nextTimerAt()).toBeUndefined();
  });

  it('runs timers that timers set, within the same advance', () => {
    const clock = new ManualClock(0);
    const times: number[] = [];
    const tick = () => {
      times.push(clock.now());
      if (times.length < 4) clock.setTimer(10, tick);
    };
    clock.setTimer(10, tick);
    clock.advanceTo(35);
    expect(times).toEqual([10, 20, 30]);
    expect(clock.runAll()).toBe(1);
    expect(times).toEqual([10, 20, 30, 40]);
  });

  it('drives sleep() without waiting, and an abort rejects it', async () => {
    const clock = new ManualClock(0);
    const slept = sleep(clock, 1_000);
    clock.advanceBy(1_000);
    await expect(slept).resolves.toBeUndefined();
    const controller = new AbortController();
    const aborted = sleep(clock, 1_000, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(aborted).rejects.toThrow('stopped');
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires any set of timers exactly once, sorted by (due time, order set)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ delay: fc.integer({ min: 0, max: 50 }), cancel: fc.boolean() }), {
          maxLength: 60,
        }),
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 10 }),
        (timers, steps) => {
          const clock = new ManualClock(0);
          const fired: number[] = [];
          timers.forEach((timer, index) => {
            const cancel = clock.setTimer(timer.delay, () => fired.push(index));
            if (timer.cancel) cancel();
          });
          for (const step of steps) clock.advanceBy(step);
          clock.runAll();
          const expected = timers
            .map((timer, index) => ({ ...timer, index }))
            .filter((timer) => !timer.cancel)
            .sort((a, b) => a.delay - b.delay || a.index - b.index)
            .map((timer) => timer.index);
          expect(fired).toEqual(expected);
        },
      ),
    );
  });
});
