import { afterEach, describe, expect, it } from 'vitest';
import { IMMEDIATE_EXIT_CODE, SAME_SIGNAL_WINDOW_MS } from '../src/shutdown.js';
import { Scenario } from './support/scenario.js';
import { expectSummaryMatchesSimulator, readSimulatorRecords } from './support/simulator-records.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.stop();
  scenario = undefined;
});

describe('stopping the bot with signals', () => {
  it('stops in order on SIGTERM, and at once on a second SIGINT', async () => {
    scenario = await Scenario.start({ seed: 53 });
    const simulator = scenario.simulator;

    // A long --duration: the bot runs until told. Two products, so both are canceled and summed.
    const graceful = scenario.startBot(3600, ['--products', 'BTC-USD,ETH-USD']);
    await graceful.waitForEvent((event) => event.event === 'order-accepted', 40_000);
    graceful.kill('SIGTERM');
    const stopped = await graceful.exit(30_000);
    expect(stopped.exitCode, stopped.stderr).toBe(0);
    const summary = await scenario.summary();
    expect(summary.stopReason).toBe('SIGTERM');
    expect(summary.orders.canceled.length).toBeGreaterThan(0);
    expect(Object.keys(summary.positions).sort()).toEqual(['BTC-USD', 'ETH-USD']);
    expectSummaryMatchesSimulator(
      summary,
      readSimulatorRecords(simulator, simulator.profileId, ['BTC-USD', 'ETH-USD']),
    );

    // Ctrl-C twice: the second one does not wait for the orderly stop. Slow answers (300 ms) while
    // it starts; then every answer takes 1.5–3 s, so the orderly stop (its cancels wait for the
    // exchange) is certainly still going when the second signal lands, however fast the machine.
    simulator.setFaults('slow');
    const impatient = scenario.startBot(3600);
    await impatient.waitForEvent((event) => event.event === 'order-accepted', 40_000);
    simulator.setFaults({ responseDelayMs: 3000 });
    impatient.kill('SIGINT');
    await impatient.waitForEvent((event) => event.event === 'shutdown-started', 10_000);
    // A real second key press: later than the window in which a repeat is the same Ctrl-C.
    await new Promise((resolve) => setTimeout(resolve, SAME_SIGNAL_WINDOW_MS + 100));
    impatient.kill('SIGINT');
    const exit = await impatient.exit(10_000);
    expect(exit.exitCode).toBe(IMMEDIATE_EXIT_CODE);
    expect(exit.stderr).toContain('second SIGINT, exiting at once');
    expect(impatient.events().map((event) => event.event)).not.toContain('bot-stopped');
  }, 90_000);
});
