import { createExchangeCredentials } from '@tradeloop/auth';
import { CoinbaseExchangeClient } from '@tradeloop/rest';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import type { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExactDecimal, ZERO } from '../src/model/decimal.js';
import type { Fill } from '../src/model/events.js';
import type { ClientOrderId } from '../src/model/ids.js';
import { defineStrategy } from '../src/runtime/define-strategy.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { createCoinbaseVenue } from '../src/venues/coinbase-venue.js';

let sim: RunningSimulator;
let rest: CoinbaseExchangeClient;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 1,
    rateLimits: false,
    market: { enabled: true, speed: 5 },
    balances: { USD: '100000', BTC: '10' },
  });
  rest = new CoinbaseExchangeClient({
    baseUrl: sim.restUrl,
    credentials: createExchangeCredentials(sim.credentials),
    rateLimit: false,
  });
});

afterAll(async () => {
  rest?.close();
  await sim?.stop();
});

/** Polls until `condition` holds; fails with `what` after `timeoutMs` (a wait, not a timing assertion). */
async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('strategy-kit against the simulator', () => {
  it('places, fills and cancels; positions, PnL and balances equal the exchange', async () => {
    const before = await rest.getAccounts();
    const usdBefore = new ExactDecimal(before.find((account) => account.currency === 'USD')?.balance ?? '0');
    const btcBefore = new ExactDecimal(before.find((account) => account.currency === 'BTC')?.balance ?? '0');

    const seen = {
      fills: [] as Fill[],
      resting: [] as ClientOrderId[],
      takers: [] as ClientOrderId[],
      finished: new Set<string>(),
    };
    const strategy = defineStrategy({
      name: 'round-trip',
      params: { defaults: { size: '0.01' } },
      createState: () => ({ placed: false, canceled: false }),
      onTicker(ticker, ctx) {
        if (ctx.state.placed || ticker.bestAsk === undefined || ticker.bestBid === undefined) return;
        ctx.state.placed = true;
        const size = ctx.params.size;
        // Two orders far from the market (they rest, then get canceled) and two that take.
        seen.resting.push(
          ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size, price: ticker.bestBid.times('0.9') }),
        );
        seen.resting.push(
          ctx.orders.limit({ productId: 'BTC-USD', side: 'sell', size, price: ticker.bestAsk.times('1.1') }),
        );
        seen.takers.push(
          ctx.orders.limit({
            productId: 'BTC-USD',
            side: 'buy',
            size: '0.02',
            price: ticker.bestAsk.times('1.01'),
            timeInForce: 'IOC',
          }),
        );
        seen.takers.push(ctx.orders.market({ productId: 'BTC-USD', side: 'sell', size }));
      },
      onFill(fill) {
        seen.fills.push(fill);
      },
      onOrderUpdate(update, ctx) {
        if (
          update.order.status === 'filled' ||
          update.order.status === 'canceled' ||
          update.order.status === 'rejected'
        )
          seen.finished.add(update.order.clientOrderId);
        const takersDone = seen.takers.length === 2 && seen.takers.every((id) => seen.finished.has(id));
        if (takersDone && !ctx.state.canceled) {
          ctx.state.canceled = true;
          for (const id of seen.resting) ctx.orders.cancel(id);
        }
      },
    });

    const venue = createCoinbaseVenue({
      credentials: createExchangeCredentials(sim.credentials),
      restUrl: sim.restUrl,
      feedUrl: sim.wsUrl,
      rest: { rateLimit: false },
    });
    const runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], reconcileIntervalMs: 0 });
    const errors: string[] = [];
    runtime.on('runtime-error', ({ context, error }) => errors.push(`${context}: ${String(error)}`));
    runtime.on('handler-failed', ({ handler, error }) => errors.push(`${handler}: ${String(error)}`));
    await runtime.start();
    try {
      await waitFor('all four orders to finish', () => seen.finished.size === 4, 15_000);
      // A fill's feed message and the order's REST answer may still be in flight: reconcile once.
      await runtime.reconcile('manual');
      await runtime.idle();
    } finally {
      await runtime.stop();
    }

    expect(errors).toEqual([]);
    const snapshot = runtime.snapshot();
    expect(snapshot.orders).toMatchObject({ working: 0, canceled: 2 });
    expect(snapshot.orders.filled).toBeGreaterThanOrEqual(1);

    // The exchange's own records.
    const exchangeFills = [];
    for await (const fill of rest.iterateFills({ productId: 'BTC-USD' })) exchangeFills.push(fill);
    expect(exchangeFills.length).toBeGreaterThanOrEqual(2);
    expect(seen.fills.map((fill) => fill.tradeId).sort()).toEqual(
      exchangeFills.map((fill) => fill.trade_id).sort(),
    );
    const signedSize = exchangeFills.reduce(
      (sum, fill) => (fill.side === 'buy' ? sum.plus(fill.size) : sum.minus(fill.size)),
      ZERO,
    );
    const fees = exchangeFills.reduce((sum, fill) => sum.plus(fill.fee), ZERO);
    const [position] = snapshot.positions;
    expect(position?.size.toFixed()).toBe(signedSize.toFixed());
    expect(position?.fees.toFixed()).toBe(fees.toFixed());

    const after = await rest.getAccounts();
    const usdAfter = new ExactDecimal(after.find((account) => account.currency === 'USD')?.balance ?? '0');
    const btcAfter = new ExactDecimal(after.find((account) => account.currency === 'BTC')?.balance ?? '0');
    const balance = (currency: string) =>
      snapshot.balances.find((entry) => entry.currency === currency)?.total.toFixed();
    expect(balance('USD')).toBe(usdAfter.toFixed());
    expect(balance('BTC')).toBe(btcAfter.toFixed());
    expect(btcAfter.minus(btcBefore).toFixed()).toBe(signedSize.toFixed());
    // Net PnL at the mark = the quote that moved + the base that moved, valued at the mark.
    const mark = position?.markPrice as Decimal;
    const expectedPnl = usdAfter.minus(usdBefore).plus(btcAfter.minus(btcBefore).times(mark));
    expect(position?.netPnl.minus(expectedPnl).abs().lessThan('1e-40')).toBe(true);
  }, 30_000);
});
