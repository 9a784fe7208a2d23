/**
 * 1. Events per second through the runtime (venue event → loop → state → a strategy handler that
 *    does nothing) against a bare eventemitter3 dispatch of the same ticker objects, in the same run.
 * 2. Latency from a market event entering the runtime to the order command leaving it (the venue's
 *    `placeOrder` being called): client id, quantizing, risk gates, journal, state machine. Once
 *    with the in-memory journal and once with the file journal (no fsync; with fsync it is the disk).
 * Run: `pnpm --filter @tradeloop/strategy-kit bench` (BENCH_SMOKE=1 for a short run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@tradeloop/clock';
import { compare, printComparison, scaled } from '@tradeloop-internal/bench-harness';
import type { Decimal } from 'decimal.js';
import { EventEmitter } from 'eventemitter3';
import { MemoryJournal } from '../execution/journal.js';
import { ExactDecimal, ZERO } from '../model/decimal.js';
import { productId } from '../model/ids.js';
import type { Ticker } from '../model/market-data.js';
import type { OrderRequest } from '../model/order.js';
import { productRulesFromWire } from '../model/product-rules.js';
import type { OrderReport } from '../model/reports.js';
import type { Venue, VenueEvent } from '../venues/venue.js';
import { defineStrategy } from './define-strategy.js';
import { createRuntime } from './runtime.js';
import type { RuntimeOptions } from './runtime-options.js';

const btcUsd = productId('BTC-USD');
const rules = productRulesFromWire({
  id: 'BTC-USD',
  base_currency: 'BTC',
  quote_currency: 'USD',
  base_increment: '0.00000001',
  quote_increment: '0.01',
  min_market_funds: '1',
  status: 'online',
});
const tickers: Ticker[] = Array.from({ length: 1024 }, (_, index) => {
  const price = new ExactDecimal(64_000 + (index % 50)).plus('0.25');
  return { productId: btcUsd, price, bestBid: price.minus('0.01'), bestAsk: price, time: index };
});

/** A venue that only forwards events and answers placements at once (the order is then final). */
class BenchVenue implements Venue {
  readonly name = 'bench';
  listener: (event: VenueEvent) => void = () => {};
  onPlace: (request: OrderRequest) => void = () => {};
  async subscribe(_subscription: unknown, listener: (event: VenueEvent) => void) {
    this.listener = listener;
  }
  async close() {}
  async products() {
    return [rules];
  }
  async balances() {
    return [
      { currency: 'USD', total: new ExactDecimal('1e9'), available: new ExactDecimal('1e9'), hold: ZERO },
    ];
  }
  async feeRates() {
    return { maker: new ExactDecimal('0.004'), taker: new ExactDecimal('0.006') };
  }
  placeOrder(request: OrderRequest): Promise<OrderReport> {
    this.onPlace(request);
    return Promise.resolve({
      orderId: request.clientOrderId as unknown as OrderReport['orderId'],
      clientOrderId: request.clientOrderId,
      productId: request.productId,
      side: request.side,
      type: request.type,
      status: 'canceled',
      time: 0,
      source: 'rest',
    });
  }
  async cancelOrder() {}
  async cancelAllOrders() {
    return [];
  }
  async openOrders() {
    return [];
  }
  async orderByClientId() {
    return undefined;
  }
  async fillsSince() {
    return { fills: [], cursor: undefined };
  }
}

async function started(options: Omit<RuntimeOptions, 'venue' | 'productIds'>, venue = new BenchVenue()) {
  const runtime = createRuntime({
    venue,
    productIds: ['BTC-USD'],
    clock: new ManualClock(0),
    reconcileIntervalMs: 0,
    ...options,
  });
  await runtime.start();
  return { runtime, venue };
}

// ── 1. throughput ─────────────────────────────────────────────────────────────
let sink = 0;
const idle = await started({
  strategy: defineStrategy({
    name: 'do-nothing',
    onTicker() {},
  }),
});
const emitter = new EventEmitter<{ ticker: [Ticker] }>();
emitter.on('ticker', () => {});
const throughput = await compare(
  {
    name: 'runtime (venue event → do-nothing strategy)',
    run: (iterations) => {
      for (let index = 0; index < iterations; index += 1)
        idle.venue.listener({ type: 'ticker', ticker: tickers[index & 1023] as Ticker });
    },
  },
  {
    name: 'bare eventemitter3 emit',
    run: (iterations) => {
      for (let index = 0; index < iterations; index += 1)
        emitter.emit('ticker', tickers[index & 1023] as Ticker);
      sink += iterations;
    },
  },
  // Rounds of tens of ms: a few-ms round on a shared machine measures the scheduler, not the code.
  { iterations: scaled(2_000_000), rounds: 15 },
);
printComparison('Events per second through the runtime', throughput);
await idle.runtime.stop();

// ── 2. market event → order command latency ──────────────────────────────────
async function latency(label: string, options: Omit<RuntimeOptions, 'venue' | 'productIds' | 'strategy'>) {
  const samples = scaled(20_000);
  const venue = new BenchVenue();
  let sentAt = 0n;
  venue.onPlace = () => {
    sentAt = process.hrtime.bigint();
  };
  const { runtime } = await started(
    {
      ...options,
      strategy: defineStrategy({
        name: 'quoter',
        onTicker(ticker, ctx) {
          ctx.orders.limit({
            productId: 'BTC-USD',
            side: 'buy',
            size: '0.0015',
            price: ticker.bestBid as Decimal,
          });
        },
      }),
    },
    venue,
  );
  const nanoseconds: number[] = [];
  for (let index = 0; index < samples + 1000; index += 1) {
    const before = process.hrtime.bigint();
    venue.listener({ type: 'ticker', ticker: tickers[index & 1023] as Ticker });
    if (index >= 1000) nanoseconds.push(Number(sentAt - before));
    // Let the placement answer come back (the order finishes), as it would before the next tick.
    await null;
    await runtime.idle();
  }
  await runtime.stop();
  nanoseconds.sort((left, right) => left - right);
  const at = (quantile: number) =>
    ((nanoseconds[Math.floor(quantile * (nanoseconds.length - 1))] ?? 0) / 1000).toFixed(1);
  console.log(
    `  ${label.padEnd(60)} p50 ${at(0.5)} µs   p99 ${at(0.99)} µs   (${nanoseconds.length} orders)`,
  );
}

console.log('\nMarket event → order command leaving the runtime (venue.placeOrder called)');
await latency('limit order, risk gates on, in-memory journal', {
  journal: new MemoryJournal(),
  risk: {
    maxOrderNotional: '1000000',
    maxPositionSize: '1000',
    maxOrdersPerWindow: { count: 1_000_000_000, windowMs: 1000 },
  },
});
const directory = mkdtempSync(join(tmpdir(), 'tradeloop-bench-'));
try {
  await latency('limit order, risk gates on, file journal (no fsync)', {
    journalPath: join(directory, 'bench.journal'),
    journalOptions: { fsync: false },
    risk: { maxOrderNotional: '1000000', maxPositionSize: '1000' },
  });
} finally {
  rmSync(directory, { recursive: true, force: true });
}
if (sink < 0) console.log(sink);
