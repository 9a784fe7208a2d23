/**
 * Live/backtest parity: a strategy trades the simulator live (real HTTP and WebSocket) while
 * `recordMarketData` records what it sees; the recording is then backtested with the same
 * strategy. For a strategy whose decisions depend only on market data, both place the same orders
 * (side, type, size, limit price) at the same market events.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExchangeCredentials } from '@tradeloop/auth';
import { createCoinbaseVenue } from '@tradeloop/coinbase';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { createRuntime, defineStrategy, type OrderView } from '@tradeloop/strategy-kit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RecordingWriter, readRecording } from '../data/recording.js';
import { runBacktest } from '../run/run-backtest.js';
import { recordMarketData } from './recording-venue.js';

let simulator: RunningSimulator;
const directory = mkdtempSync(join(tmpdir(), 'parity-'));

beforeAll(async () => {
  simulator = await startSimulator({
    port: 0,
    seed: 3,
    rateLimits: false,
    market: { enabled: true, speed: 8 },
    balances: { USD: '100000', BTC: '10' },
  });
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** On every trade whose id is a multiple of 4: a limit order 10 % away (it never fills). */
function decider(onDecision: (tradeId: number) => void) {
  return defineStrategy({
    name: 'every-fourth-trade',
    onTrade(trade, ctx) {
      // Trade ids are numbers on Coinbase Exchange (read through Number: the port may make them opaque).
      const tradeId = Number(trade.tradeId);
      if (tradeId % 4 !== 0) return;
      onDecision(tradeId);
      const buy = tradeId % 8 === 0;
      ctx.orders.limit({
        productId: trade.productId,
        side: buy ? 'buy' : 'sell',
        size: '0.001',
        price: trade.price.times(buy ? '0.9' : '1.1'),
      });
    },
  });
}

type Placement = [tradeId: number, side: string, type: string, size: string, price: string];
const placement = (tradeId: number, order: OrderView): Placement => [
  tradeId,
  order.request.side,
  order.request.type,
  order.request.size?.toFixed() ?? '',
  order.request.price?.toFixed() ?? '',
];

it('places the same orders at the same market events live and in the backtest of its recording', async () => {
  const path = join(directory, 'live.jsonl');
  const writer = new RecordingWriter(path, {
    products: ['BTC-USD'],
    channels: ['matches'],
    startedAt: new Date().toISOString(),
  });
  const liveVenue = createCoinbaseVenue({
    credentials: createExchangeCredentials(simulator.credentials),
    restUrl: simulator.restUrl,
    feedUrl: simulator.wsUrl,
    rest: { rateLimit: false },
  });
  const productRules = await liveVenue.products();
  let decidedOn = 0;
  const live: Placement[] = [];
  const runtime = createRuntime({
    venue: recordMarketData(liveVenue, writer),
    strategy: decider((tradeId) => {
      decidedOn = tradeId;
    }),
    productIds: ['BTC-USD'],
  });
  runtime.on('order-submitted', (order) => live.push(placement(decidedOn, order)));
  try {
    await runtime.start();
    const deadline = Date.now() + 20_000;
    while (live.length < 12 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    // The orders stay on the simulator; it stops now, its market would only compete for the CPU.
    await runtime.stop({ reason: 'parity test' });
  } finally {
    writer.close();
    await simulator.stop();
  }
  expect(live.length).toBeGreaterThanOrEqual(12);

  const replayed: Placement[] = [];
  let replayDecidedOn = 0;
  const { stats } = await runBacktest({
    strategy: decider((tradeId) => {
      replayDecidedOn = tradeId;
    }),
    products: ['BTC-USD'],
    productRules: productRules.filter((rules) => rules.id === 'BTC-USD'),
    data: { recording: readRecording(path) },
    balances: { USD: '100000', BTC: '10' },
    observeRuntime: (backtestRuntime) =>
      backtestRuntime.on('order-submitted', (order) => replayed.push(placement(replayDecidedOn, order))),
  });
  expect(stats.runtimeErrors).toEqual([]);
  // Live, the strategy only hears trades once it has started; the recording starts at subscription.
  const first = live[0]?.[0] as number;
  const last = live.at(-1)?.[0] as number;
  expect(replayed.filter(([tradeId]) => tradeId >= first && tradeId <= last)).toEqual(live);
}, 60_000);
