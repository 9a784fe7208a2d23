import { describe, expect, it } from 'vitest';
import { ManualScheduler, RealTimeScheduler } from './scheduler.js';

describe('ManualScheduler', () => {
  it('runs due tasks in time order (ties in scheduling order) with now() at each due time', () => {
    const scheduler = new ManualScheduler(1_000);
    const seen: Array<[string, number]> = [];
    scheduler.schedule(30, () => seen.push(['c', scheduler.now()]));
    scheduler.schedule(10, () => {
      seen.push(['a', scheduler.now()]);
      scheduler.schedule(5, () => seen.push(['nested', scheduler.now()]));
    });
    scheduler.schedule(10, () => seen.push(['b', scheduler.now()]));
    const canceled = scheduler.schedule(20, () => seen.push(['canceled', scheduler.now()]));
    canceled.cancel();
    scheduler.advance(25);
    expect(seen).toEqual([
      ['a', 1_010],
      ['b', 1_010],
      ['nested', 1_015],
    ]);
    expect(scheduler.now()).toBe(1_025);
    scheduler.advance(100);
    expect(seen.at(-1)).toEqual(['c', 1_030]);
    expect(scheduler.pendingCount).toBe(0);
  });

  it('prunes canceled tasks so rescheduling does not pile up', () => {
    const scheduler = new ManualScheduler();
    for (let index = 0; index < 1_000; index += 1) scheduler.schedule(1_000, () => {}).cancel();
    expect(scheduler.pendingCount).toBe(0);
    expect((scheduler as unknown as { pending: unknown[] }).pending.length).toBeLessThan(100);
  });
});

describe('RealTimeScheduler', () => {
  it('reads the injected clock and runs a timer that can be canceled', async () => {
    const scheduler = new RealTimeScheduler(() => 42);
    expect(scheduler.now()).toBe(42);
    const ran: string[] = [];
    scheduler.schedule(0, () => ran.push('kept'));
    scheduler.schedule(0, () => ran.push('canceled')).cancel();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toEqual(['kept']);
  });
});
