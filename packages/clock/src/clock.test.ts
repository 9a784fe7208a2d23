import { describe, expect, it } from 'vitest';
import { createSystemClock, sleep, systemClock } from './clock.js';

describe('systemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('runs a timer once, and a canceled one never', async () => {
    const clock = createSystemClock({ unrefTimers: true });
    let fired = 0;
    let canceledFired = 0;
    clock.setTimer(1, () => fired++);
    const cancel = clock.setTimer(1, () => canceledFired++);
    cancel();
    await sleep(systemClock, 20);
    expect(fired).toBe(1);
    expect(canceledFired).toBe(0);
  });
});
