import { createRuntime, defineStrategy, ExactDecimal, type ProductId } from '@tradeloop/strategy-kit';
import { describe, expect, it } from 'vitest';
import type { RecordingMessage } from '../data/recording.js';
import { BacktestConfigError } from '../errors.js';
import { RecordedBook } from '../fills/recorded-book.js';
import { runBacktest } from '../run/run-backtest.js';
import { createPaperVenue, type MarketDataEvent, type MarketDataSource } from './paper-venue.js';

const t0 = Date.UTC(2025, 0, 1, 12);
const trade = (offset: number, price: string, size: string, takerSide: 'buy' | 'sell', id: number) =>
  ({
    type: 'trade',
    time: t0 + offset,
    productId: 'BTC-USD',
    tradeId: String(id),
    price,
    size,
    takerSide,
  }) as const;

/** The tick-mode test's tape: latency, a walked book, a queue ahead, a partial fill, a fill through. */
const tape: RecordingMessage[] = [
  {
    type: 'book-snapshot',
    time: t0,
    productId: 'BTC-USD',
    bids: [
      ['100', '1'],
      ['99', '2'],
    ],
    asks: [
      ['101', '0.3'],
      ['102', '5'],
    ],
  },
  trade(1000, '101', '0.1', 'buy', 1),
  trade(1020, '100', '0.5', 'sell', 2),
  trade(1100, '100', '0.8', 'sell', 3),
  trade(1200, '100', '0.5', 'sell', 4),
  { type: 'book-update', time: t0 + 1250, productId: 'BTC-USD', changes: [['buy', '100', '0']] },
  trade(1300, '99', '1', 'sell', 5),
  trade(61_000, '98', '1', 'sell', 6),
];

/**
 * A market that streams a tape as a live feed would: one message per turn of the event loop,
 * books as views of a book the feed keeps (not the paper venue's).
 */
function liveTape(
  messages: readonly RecordingMessage[],
  pause?: { before: number; until: Promise<void> },
): MarketDataSource & { closed: boolean } {
  const book = new RecordedBook('BTC-USD' as ProductId);
  let stopped = false;
  return {
    closed: false,
    async subscribe(_productIds, listener: (event: MarketDataEvent) => void) {
      void (async () => {
        for (const [index, message] of messages.entries()) {
          if (index === pause?.before) await pause.until;
          await new Promise((resolve) => setImmediate(resolve));
          if (stopped) return;
          if (message.type === 'trade')
            listener({
              type: 'trade',
              trade: {
                productId: message.productId as ProductId,
                tradeId: message.tradeId,
                price: new ExactDecimal(message.price),
                size: new ExactDecimal(message.size),
                takerSide: message.takerSide,
                time: message.time,
              },
            });
          else {
            if (message.type === 'book-snapshot') book.reset(message.bids, message.asks, message.time);
            else for (const [side, price, size] of message.changes) book.set(side, price, size);
            book.time = message.time;
            listener({ type: 'book', book });
          }
        }
      })();
    },
    async close() {
      stopped = true;
      this.closed = true;
    },
  };
}

/** On the first trade: a bid at 100 and a market buy. */
const placer = defineStrategy<Record<string, never>, { placed: boolean }>({
  name: 'placer',
  createState: () => ({ placed: false }),
  onTrade(_trade, ctx) {
    if (ctx.state.placed) return;
    ctx.state.placed = true;
    ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '0.5', price: '100' });
    ctx.orders.market({ productId: 'BTC-USD', side: 'buy', size: '0.4' });
  },
});

const account = { balances: { USD: '1000' }, fees: 'maker=0.004,taker=0.006', latencyMs: 50 };

describe('paper venue', () => {
  it('fills live data with the tick model, and its recording backtests to the same fills', async () => {
    const recorded: RecordingMessage[] = [];
    const market = liveTape(tape);
    const venue = createPaperVenue({
      marketData: market,
      products: ['BTC-USD'],
      recording: { write: (message) => recorded.push(message) },
      ...account,
    });
    await venue.open();
    expect(venue.clock.now()).toBe(t0);
    const runtime = createRuntime({
      venue,
      clock: venue.clock,
      strategy: placer,
      productIds: ['BTC-USD'],
      reconcileIntervalMs: 0,
    });
    const fills: string[][] = [];
    runtime.on('order-filled', ({ fill }) =>
      fills.push([
        new Date(fill.time).toISOString(),
        fill.price.toFixed(),
        fill.size.toFixed(),
        fill.liquidity ?? '',
      ]),
    );
    await runtime.start();
    venue.run(runtime);
    while (recorded.length < tape.length) await new Promise((resolve) => setTimeout(resolve, 5));
    await runtime.idle();
    await venue.stopMarket();
    await runtime.stop({ cancelOpenOrders: true, reconcile: false });
    expect(market.closed).toBe(true);

    const iso = (offset: number) => new Date(t0 + offset).toISOString();
    // The same fills as the tick-mode backtest of this tape (tick-backtest.test.ts).
    expect(fills).toEqual([
      [iso(1100), '101', '0.3', 'taker'],
      [iso(1100), '102', '0.1', 'taker'],
      [iso(1200), '100', '0.3', 'maker'],
      [iso(1300), '100', '0.2', 'maker'],
    ]);
    const balances = await venue.balances();
    // 0.3 × 101 + 0.1 × 102 + 0.5 × 100 = 90.5, fees 0.1818 + 0.0612 + 0.12 + 0.08 = 0.443.
    expect(balances.map((balance) => [balance.currency, balance.total.toFixed()])).toEqual([
      ['BTC', '0.9'],
      ['USD', '909.057'],
    ]);

    // Books are recorded as snapshots of what the venue traded on; the backtest of them agrees.
    expect(recorded.map((message) => message.type)).toEqual([
      'book-snapshot',
      'trade',
      'trade',
      'trade',
      'trade',
      'book-snapshot',
      'trade',
      'trade',
    ]);
    const { result } = await runBacktest({
      strategy: placer,
      products: ['BTC-USD'],
      data: {
        recording: {
          header: {
            format: 'tradeloop.recording',
            version: 1,
            products: ['BTC-USD'],
            channels: [],
            startedAt: t0,
          },
          messages: recorded,
        },
      },
      ...account,
    });
    expect(result.trades.map((fill) => [fill.time, fill.price, fill.size, fill.liquidity])).toEqual(fills);
  });

  it('once the market is stopped, nothing fills, nothing more is recorded, and cancels apply at once', async () => {
    let resume = () => {};
    const until = new Promise<void>((resolve) => {
      resume = resolve;
    });
    const recorded: RecordingMessage[] = [];
    const venue = createPaperVenue({
      marketData: liveTape(tape, { before: 3, until }),
      products: ['BTC-USD'],
      recording: { write: (message) => recorded.push(message) },
      ...account,
    });
    await venue.open();
    const runtime = createRuntime({
      venue,
      clock: venue.clock,
      strategy: placer,
      productIds: ['BTC-USD'],
      reconcileIntervalMs: 0,
    });
    let fills = 0;
    runtime.on('order-filled', () => {
      fills += 1;
    });
    await runtime.start();
    venue.run(runtime);
    while (recorded.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await runtime.idle();
    // The bid and the market buy were sent on the first trade; the latency has not passed yet.
    expect(runtime.snapshot().orders.working).toBe(2);
    await venue.stopMarket();
    resume();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await runtime.stop({ cancelOpenOrders: true, reconcile: false, timeoutMs: 1000 });
    expect(fills).toBe(0);
    expect(recorded).toHaveLength(3);
    expect(runtime.snapshot().orders).toMatchObject({ working: 0, canceled: 2 });
    expect(
      (await venue.balances()).map((balance) => [
        balance.currency,
        balance.total.toFixed(),
        balance.hold.toFixed(),
      ]),
    ).toEqual([['USD', '1000', '0']]);
  });

  it('refuses balances it cannot hold, naming the currency', () => {
    expect(() =>
      createPaperVenue({ marketData: liveTape([]), products: ['BTC-USD'], balances: { EUR: '10' } }),
    ).toThrow(BacktestConfigError);
    expect(() =>
      createPaperVenue({ marketData: liveTape([]), products: ['BTC-USD'], balances: { USD: '-1' } }),
    ).toThrow(/USD: expected a decimal string/);
  });
});
