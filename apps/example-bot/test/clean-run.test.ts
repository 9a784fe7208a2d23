import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { APIS, Scenario } from './support/scenario.js';
import { expectSummaryMatchesSimulator, readSimulatorRecords } from './support/simulator-records.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.stop();
  scenario = undefined;
});

describe.each(APIS)('the bot as a process against a simulator, through %s', (api) => {
  it('trades for its duration, cancels what is open, and its summary agrees with the exchange', async () => {
    scenario = await Scenario.start({ seed: 11, api });
    // One open order at a time: the market maker's second quote meets the risk gate.
    const bot = scenario.startBot(5, ['--max-open-orders', '1']);
    const exit = await bot.exit(45_000);
    expect(exit.stderr).toBe('');
    expect(exit.exitCode).toBe(0);

    const events = bot.events();
    const kinds = new Set(events.map((event) => event.event));
    for (const kind of [
      'bot-started',
      'feed-connected',
      'feed-subscribed',
      'order-placed',
      'order-filled',
      'status-reported',
    ]) {
      expect(kinds, `no ${kind} line`).toContain(kind);
    }
    expect(events.at(-2)).toMatchObject({ event: 'bot-stopped', reason: 'duration reached' });
    // The closing summary comes last, as one object with the same counts as the summary file.
    const closing = events.at(-1);
    expect(closing).toMatchObject({ event: 'run-summarized', stopReason: 'duration reached' });
    // Secrets never reach the output.
    for (const secret of scenario.secrets) {
      expect(exit.stdout).not.toContain(secret);
    }
    expect(events.find((event) => event.event === 'bot-started')?.venue).toContain(
      api === 'exchange' ? scenario.simulator.restUrl : scenario.simulator.advancedTrade.restUrl,
    );

    const summary = await scenario.summary();
    expect(summary.stopReason).toBe('duration reached');
    expect(closing).toMatchObject({
      orders: {
        placed: summary.orders.placed.length,
        filled: summary.orders.filled.length,
        canceled: summary.orders.canceled.length,
        rejected: summary.orders.rejected.length,
      },
      fills: summary.fills.length,
      pnl: summary.pnl,
      summaryPath: scenario.summaryPath,
    });
    expect(summary.fills.length).toBeGreaterThan(0);
    expect(summary.orders.canceled.length).toBeGreaterThan(0);
    expect(summary.errors).toEqual([]);
    expect(summary.riskDenials.length).toBeGreaterThan(0);
    expect(summary.riskDenials[0]).toMatchObject({ productId: 'BTC-USD', rule: 'max_open_orders' });
    const records = readSimulatorRecords(scenario.simulator, scenario.simulator.profileId, ['BTC-USD']);
    expectSummaryMatchesSimulator(summary, records);
    // The position the bot reports is what the fills add up to on the exchange.
    const position = records.fills.reduce(
      (sum, fill) => (fill.side === 'buy' ? sum.plus(fill.size) : sum.minus(fill.size)),
      new Decimal(0),
    );
    expect(new Decimal(summary.positions['BTC-USD']?.size ?? 'NaN').eq(position)).toBe(true);
  }, 60_000);
});
