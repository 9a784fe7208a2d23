import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ManualClock, sleep } from './index.js';

describe('README example', () => {
  it('prints what the README says it prints', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('console.log(fired); // ["2026-01-01T00:00:01.000Z", "slept"]');
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const fired: string[] = [];
    clock.setTimer(1_000, () => fired.push(new Date(clock.now()).toISOString()));
    const slept = sleep(clock, 2_000).then(() => fired.push('slept'));
    clock.advanceBy(2_000);
    await slept;
    expect(fired).toEqual(['2026-01-01T00:00:01.000Z', 'slept']);
  });
});
