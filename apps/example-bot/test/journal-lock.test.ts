import { afterEach, describe, expect, it } from 'vitest';
import { Scenario } from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.stop();
  scenario = undefined;
});

describe('two bots, one journal', () => {
  it('refuses the second bot with one sentence naming the journal and the pid that holds it', async () => {
    scenario = await Scenario.start({ seed: 41 });
    const first = scenario.startBot(60);
    await first.waitForEvent((event) => event.event === 'order-placed', 40_000);

    const second = scenario.startBot(5);
    const refused = await second.exit(40_000);
    expect(refused.exitCode).toBe(2);
    const message = refused.stderr.trim();
    expect(message).toBe(
      `example-bot: The journal ${scenario.journalPath} is in use by another running bot (pid ${first.child.pid}); stop that bot first, or give this one its own --journal.`,
    );
    expect(second.events().some((event) => event.event === 'order-placed')).toBe(false);

    first.kill('SIGINT');
    const stopped = await first.exit(40_000);
    expect(stopped.exitCode, stopped.stderr).toBe(0);
  }, 120_000);
});
