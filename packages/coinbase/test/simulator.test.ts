import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExchangeCredentials } from '@tradeloop/auth';
import { CoinbaseExchangeClient } from '@tradeloop/rest';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import {
  type ClientOrderId,
  createRuntime,
  defineStrategy,
  ExactDecimal,
  type Fill,
} from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoinbaseVenue } from '../src/index.js';

const ZERO: Decimal = new ExactDecimal(0);

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

function venueFor(simulator: RunningSimulator) {
  return createCoinbaseVenue({
    credentials: createExchangeCredentials(simulator.credentials),
    restUrl: simulator.restUrl,
    feedUrl: simulator.wsUrl,
    rest: { rateLimit: false },
  });
}

/** Everything the exchange says about the default profile: fills of BTC-USD and balances. */
async function exchangeState(client: CoinbaseExchangeClient) {
  const fills = [];
  for await (const fill of client.iterateFills({ productId: 'BTC-USD' })) fills.push(fill);
  const accounts = await client.getAccounts();
  const balance = (currency: string) =>
    new ExactDecimal(accounts.find((account) => account.currency === currency)?.balance ?? '0');
  const signedSize = fills.reduce(
    (sum, fill) => (fill.side === 'buy' ? sum.plus(fill.size) : sum.minus(fill.size)),
    ZERO,
  );
  return { fills, usd: balance('USD'), btc: balance('BTC'), signedSize };
}

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
      exchangeFills.map((fill) => String(fill.trade_id)).sort(),
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

  it('a restarted bot picks up its own open orders from the journal and the fill it missed while down', async () => {
    const simulator = await startSimulator({
      port: 0,
      seed: 2,
      rateLimits: false,
      market: { enabled: false },
      balances: { USD: '100000', BTC: '10' },
    });
    const client = new CoinbaseExchangeClient({
      baseUrl: simulator.restUrl,
      credentials: createExchangeCredentials(simulator.credentials),
      rateLimit: false,
    });
    const directory = mkdtempSync(join(tmpdir(), 'tradeloop-restart-'));
    const journalPath = join(directory, 'bot.journal');
    try {
      const before = await exchangeState(client);
      const placed: ClientOrderId[] = [];
      const first = createRuntime({
        venue: venueFor(simulator),
        journalPath,
        productIds: ['BTC-USD'],
        reconcileIntervalMs: 0,
        strategy: defineStrategy({
          name: 'resting',
          onStart(ctx) {
            placed.push(
              ctx.orders.limit({ productId: 'BTC-USD', side: 'sell', size: '0.01', price: '70000' }),
            );
            placed.push(
              ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '0.01', price: '50000' }),
            );
          },
        }),
      });
      await first.start();
      await waitFor('both orders accepted', () => placed.every((id) => simulatorHasOrder(simulator, id)));
      await first.stop(); // the orders stay on the book; the process "goes away"

      // While the bot is down, someone else buys from its resting sell.
      const other = simulator.createApiKey({ balances: { USD: '100000' } });
      const otherClient = new CoinbaseExchangeClient({
        baseUrl: simulator.restUrl,
        credentials: createExchangeCredentials(other),
        rateLimit: false,
      });
      await otherClient.placeOrder({
        product_id: 'BTC-USD',
        side: 'buy',
        type: 'limit',
        price: '70000.00',
        size: '0.01',
        time_in_force: 'IOC',
      });
      otherClient.close();

      const seenAtStart: string[] = [];
      const fills: Fill[] = [];
      const second = createRuntime({
        venue: venueFor(simulator),
        journalPath,
        productIds: ['BTC-USD'],
        reconcileIntervalMs: 0,
        strategy: defineStrategy({
          name: 'resting',
          onStart(ctx) {
            for (const order of ctx.openOrders())
              seenAtStart.push(`${order.side} ${order.origin} ${order.status}`);
          },
          onFill(fill) {
            fills.push(fill);
          },
        }),
      });
      const summaries: unknown[] = [];
      second.on('reconciliation-completed', (summary) => summaries.push(summary));
      await second.start();
      await waitFor('the missed fill', () => fills.length === 1);
      expect(summaries[0]).toMatchObject({
        trigger: 'start',
        missedFills: 1,
        adoptedOrders: 0,
        missingOrders: 0,
      });
      expect(seenAtStart).toEqual(['buy journal open']);
      expect(fills[0]?.clientOrderId).toBe(placed[0]);
      await second.stop({ cancelOpenOrders: true });

      const after = await exchangeState(client);
      const snapshot = second.snapshot();
      expect(snapshot.orders.working).toBe(0);
      expect(after.fills.map((fill) => String(fill.trade_id))).toEqual(fills.map((fill) => fill.tradeId));
      expect(snapshot.positions[0]?.size.toFixed()).toBe(after.signedSize.toFixed());
      expect(after.btc.minus(before.btc).toFixed()).toBe('-0.01');
      // The balance snapshot was taken at the second start (after the fill), so it matches the exchange.
      expect(snapshot.balances.find((entry) => entry.currency === 'USD')?.total.toFixed()).toBe(
        after.usd.toFixed(),
      );
      const open = await client.listOrders({ productId: 'BTC-USD' });
      expect(open.items).toEqual([]);
    } finally {
      client.close();
      await simulator.stop();
      rmSync(directory, { recursive: true, force: true });
    }
  }, 30_000);

  it('under chaos (dropped connections, lost feed messages, 5xx, lost order responses) no fill is lost or counted twice', async () => {
    const simulator = await startSimulator({
      port: 0,
      seed: 3,
      rateLimits: false,
      market: { enabled: true, speed: 5 },
      balances: { USD: '100000', BTC: '10' },
    });
    const client = new CoinbaseExchangeClient({
      baseUrl: simulator.restUrl,
      credentials: createExchangeCredentials(simulator.credentials),
      rateLimit: false,
    });
    try {
      const before = await exchangeState(client);
      const fills: Fill[] = [];
      const strategy = defineStrategy({
        name: 'churn',
        createState: () => ({ ticks: 0, resting: undefined as ClientOrderId | undefined, active: true }),
        onStart(ctx) {
          ctx.timers.every(150, 'churn');
        },
        onTimer(_timer, ctx) {
          const ticker = ctx.ticker('BTC-USD');
          if (!ctx.state.active || ticker?.bestAsk === undefined || ticker.bestBid === undefined) return;
          ctx.state.ticks += 1;
          const side = ctx.state.ticks % 2 === 0 ? 'buy' : 'sell';
          const price = side === 'buy' ? ticker.bestAsk.times('1.01') : ticker.bestBid.times('0.99');
          ctx.orders.limit({ productId: 'BTC-USD', side, size: '0.001', price, timeInForce: 'IOC' });
          if (ctx.state.resting !== undefined) ctx.orders.cancel(ctx.state.resting);
          ctx.state.resting = ctx.orders.limit({
            productId: 'BTC-USD',
            side: 'buy',
            size: '0.001',
            price: ticker.bestBid.times('0.98'),
          });
        },
      });
      const runtime = createRuntime({
        venue: venueFor(simulator),
        strategy,
        productIds: ['BTC-USD'],
        reconcileIntervalMs: 1000,
      });
      // Every fill the runtime counts, also those settled during stop (after the strategy's onStop).
      runtime.on('order-filled', ({ fill }) => fills.push(fill));
      const reconnects: string[] = [];
      runtime.on('reconciliation-completed', (summary) => reconnects.push(summary.trigger));
      await runtime.start();
      simulator.setFaults({
        seed: 11,
        dropConnectionsEverySeconds: 1.5,
        skipSequenceProbability: 0.05,
        serverErrorRate: 0.05,
        loseOrderResponseRate: 0.2,
      });
      await new Promise((resolve) => setTimeout(resolve, 5000));
      simulator.setFaults('none');
      await runtime.stop({ cancelOpenOrders: true, timeoutMs: 10_000 });
      // After the stop, one last look at the exchange settles anything the feed lost at the end.
      const stats = simulator.faultStats();
      expect(stats.droppedConnections).toBeGreaterThan(0);
      expect(stats.lostOrderResponses + stats.serverErrors).toBeGreaterThan(0);

      const after = await exchangeState(client);
      const snapshot = runtime.snapshot();
      expect(reconnects).toContain('reconnect');
      expect(after.fills.length).toBeGreaterThan(5);
      expect(fills.map((fill) => Number(fill.tradeId)).sort((a, b) => a - b)).toEqual(
        after.fills.map((fill) => fill.trade_id).sort((a, b) => a - b),
      );
      expect(snapshot.positions[0]?.size.toFixed()).toBe(after.signedSize.toFixed());
      expect(snapshot.balances.find((entry) => entry.currency === 'USD')?.total.toFixed()).toBe(
        after.usd.toFixed(),
      );
      expect(snapshot.balances.find((entry) => entry.currency === 'BTC')?.total.toFixed()).toBe(
        after.btc.toFixed(),
      );
      expect(after.btc.minus(before.btc).toFixed()).toBe(after.signedSize.toFixed());
      expect(snapshot.orders.working).toBe(0);
    } finally {
      client.close();
      await simulator.stop();
    }
  }, 40_000);
});

function simulatorHasOrder(simulator: RunningSimulator, clientOrderId: string): boolean {
  const caller = { profileId: simulator.profileId, userId: '', permissions: new Set(['view'] as const) };
  return simulator.exchange.getOrder(caller as never, `client:${clientOrderId}`).ok;
}
