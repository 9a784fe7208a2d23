import { afterEach, describe, expect, it } from 'vitest';
import { bytesWritten } from './support/bytes-written.js';
import { Scenario } from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.stop();
  scenario = undefined;
});

function expectNoSecret(where: string, text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    // Also a JSON-escaped form, and a cut-off prefix (messages are shortened with "…").
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), secret.slice(0, 12)])
      expect(text.includes(form), `${where} holds a secret (${form.length} characters)`).toBe(false);
  }
}

describe('secrets never leave, whatever the exchange echoes', () => {
  it('a gateway that echoes request headers in error bodies: no secret in stdout, stderr, summary or journal', async () => {
    scenario = await Scenario.start({ seed: 29 });
    const secrets = [scenario.simulator.credentials.apiSecret, scenario.simulator.credentials.passphrase];
    const bot = scenario.startBot(8);
    // Trading first, then the gateway starts echoing (placements, cancels, lookups, final balances).
    await bot.waitForEvent((event) => event.event === 'order-placed', 40_000);
    scenario.simulator.setFaults({ headerEchoRate: 0.3, seed: 5 });
    const exit = await bot.exit(60_000);
    expect(scenario.simulator.faultStats().echoedHeaders, 'no header was echoed').toBeGreaterThan(0);
    // The echo reached the bot's words (a rejected order or a reported error), redacted.
    expect(exit.stdout).toContain('[redacted]');
    expectNoSecret('stdout', exit.stdout, secrets);
    expectNoSecret('stderr', exit.stderr, secrets);
    const files = await bytesWritten(scenario.directory);
    expect(files.map(([name]) => name)).toContain(scenario.summaryPath);
    expect(files.map(([name]) => name)).toContain(scenario.journalPath);
    for (const [name, text] of files) expectNoSecret(name, text, secrets);
  }, 90_000);

  it('a fatal error whose message echoes the passphrase is scrubbed on stderr', async () => {
    scenario = await Scenario.start({ seed: 31, faults: { headerEchoRate: 1 } });
    const secrets = [scenario.simulator.credentials.apiSecret, scenario.simulator.credentials.passphrase];
    const bot = scenario.startBot(5);
    const exit = await bot.exit(60_000);
    expect(exit.exitCode).not.toBe(0);
    expect(exit.stderr).toContain('[redacted]');
    expectNoSecret('stdout', exit.stdout, secrets);
    expectNoSecret('stderr', exit.stderr, secrets);
    for (const [name, text] of await bytesWritten(scenario.directory)) expectNoSecret(name, text, secrets);
  }, 90_000);
});
