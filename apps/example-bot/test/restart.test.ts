import { readFile } from 'node:fs/promises';
import { Decimal } from 'decimal.js';
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

  it('after its journal was compacted during the run, still finds its working orders and restores its position', async () => {
    scenario = await Scenario.start({ seed: 41 });
    const simulator = scenario.simulator;
    // A 4 KiB bound: the journal is compacted every few orders (a position record carries the fills).
    const compactEarly = ['--journal-compact-above', '4'];
    const first = scenario.startBot(120, compactEarly);
    await first.waitForEvent((event) => event.event === 'order-filled', 40_000);
    const caller = simulator.exchange.caller(simulator.profileId);
    let leftBehind: string[] = [];
    let compacted = false;
    const deadline = Date.now() + 20_000;
    while ((leftBehind.length === 0 || !compacted) && Date.now() < deadline) {
      const open = simulator.exchange.listOrders(caller, { statuses: ['open'] }, { limit: 100 });
      leftBehind = open.ok ? open.value.items.map((order) => order.client_oid ?? '') : [];
      compacted = (await readFile(scenario.journalPath, 'utf8')).includes('"kind":"position"');
      if (leftBehind.length === 0 || !compacted) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    first.kill('SIGKILL');
    expect(compacted, 'the journal was never compacted with a position in it').toBe(true);
    expect(leftBehind.length, 'the first run never had an order resting').toBeGreaterThan(0);
    await first.exit(10_000);

    const second = scenario.startBot(4, compactEarly);
    const exit = await second.exit(45_000);
    expect(exit.exitCode, exit.stderr).toBe(0);
    const summary = await scenario.summary();
    const records = readSimulatorRecords(simulator, simulator.profileId, ['BTC-USD']);
    // Every order left working was found and closed; nothing is open on either side.
    const known = new Set(summary.orders.placed.map((order) => order.clientOrderId));
    for (const clientOrderId of leftBehind) expect(known).toContain(clientOrderId);
    expect(records.orders.filter((order) => order.status !== 'done' && order.status !== 'rejected')).toEqual(
      [],
    );
    expect(summary.orders.openAtExit).toEqual([]);
    // No fill counted twice, and the position and fees are those of every fill the exchange has.
    expect(summary.duplicateFillEvents).toBe(0);
    const exchangeFills = new Set(records.fills.map((fill) => `${fill.trade_id}/${fill.order_id}`));
    for (const fill of summary.fills) expect(exchangeFills).toContain(`${fill.tradeId}/${fill.orderId}`);
    let size = new Decimal(0);
    let fees = new Decimal(0);
    for (const fill of records.fills) {
      size = fill.side === 'buy' ? size.plus(fill.size) : size.minus(fill.size);
      fees = fees.plus(fill.fee);
    }
    const position = summary.positions['BTC-USD'];
    expect(new Decimal(position?.size ?? 'NaN').eq(size), `position ${position?.size} vs ${size}`).toBe(true);
    expect(new Decimal(position?.fees ?? 'NaN').eq(fees), `fees ${position?.fees} vs ${fees}`).toBe(true);
  }, 120_000);
});
