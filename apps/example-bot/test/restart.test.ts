import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { APIS, Scenario } from './support/scenario.js';
import { expectSummaryMatchesSimulator, readSimulatorRecords } from './support/simulator-records.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.stop();
  scenario = undefined;
});

describe.each(APIS)('a bot killed in the middle of a run, through %s', (api) => {
  it('picks up its own orders from the journal when started again, and ends in agreement with the exchange', async () => {
    scenario = await Scenario.start({ seed: 37, api });
    const simulator = scenario.simulator;

    // First run: trade until the bot has a fill and an order resting on the book, then kill -9 (no shutdown at all).
    const first = scenario.startBot(120);
    await first.waitForEvent((event) => event.event === 'order-filled', 40_000);
    const caller = simulator.exchange.caller(simulator.profileId);
    let leftBehind: string[] = [];
    const deadline = Date.now() + 10_000;
    while (leftBehind.length === 0 && Date.now() < deadline) {
      const open = simulator.exchange.listOrders(caller, { statuses: ['open'] }, { limit: 100 });
      leftBehind = open.ok ? open.value.items.map((order) => order.client_oid ?? '') : [];
      if (leftBehind.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    first.kill('SIGKILL');
    expect(leftBehind.length, 'the first run never had an order resting').toBeGreaterThan(0);
    const killed = await first.exit(10_000);
    expect(killed.signal).toBe('SIGKILL');
    const journal = await readFile(scenario.journalPath, 'utf8');
    expect(journal.split('\n').filter((line) => line.includes('"kind":"order"')).length).toBeGreaterThan(0);

    // Second run, same journal: it must know the first run's orders and fills, and clean up after both.
    const second = scenario.startBot(4);
    const exit = await second.exit(45_000);
    expect(exit.exitCode, exit.stderr).toBe(0);
    expect(second.events().find((event) => event.event === 'journal-replayed')).toBeDefined();

    const summary = await scenario.summary();
    const restored = summary.orders.placed.filter((order) => order.restored);
    expect(restored.length).toBeGreaterThan(0);
    for (const clientOrderId of leftBehind) {
      expect(restored.map((entry) => entry.clientOrderId)).toContain(clientOrderId);
    }
    expectSummaryMatchesSimulator(summary, readSimulatorRecords(simulator, simulator.profileId, ['BTC-USD']));
  }, 90_000);
});
