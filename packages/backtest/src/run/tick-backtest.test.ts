import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineStrategy } from '@tradeloop/strategy-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { type RecordingMessage, RecordingWriter, readRecording } from '../data/recording.js';
import { RecordingFormatError } from '../errors.js';
import { formatRunResult } from '../result/run-result.js';
import { runBacktest } from './run-backtest.js';

const t0 = Date.UTC(2025, 0, 1, 12);
const directory = mkdtempSync(join(tmpdir(), 'recording-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const trade = (
  offset: number,
  price: string,
  size: string,
  takerSide: 'buy' | 'sell',
  id: number,
): RecordingMessage => ({
  type: 'trade',
  time: t0 + offset,
  productId: 'BTC-USD',
  tradeId: String(id),
  price,
  size,
  takerSide,
});

function writeRecording(name: string, messages: RecordingMessage[], productRules?: unknown[]): string {
  const path = join(directory, name);
  const writer = new RecordingWriter(path, {
    products: ['BTC-USD'],
    channels: ['matches', 'level2'],
    startedAt: new Date(t0).toISOString(),
    ...(productRules === undefined ? {} : { productRules }),
  });
  for (const message of messages) writer.write(message);
  writer.close();
  return path;
}

const messages: RecordingMessage[] = [
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
  trade(1020, '100', '0.5', 'sell', 2), // before our orders arrive (latency 50 ms): changes nothing for us
  trade(1100, '100', '0.8', 'sell', 3), // our bid arrived with 1 ahead of it: 0.2 left ahead
  trade(1200, '100', '0.5', 'sell', 4), // 0.3 beyond the queue: a partial fill at 100
  { type: 'book-update', time: t0 + 1250, productId: 'BTC-USD', changes: [['buy', '100', '0']] },
  trade(1300, '99', '1', 'sell', 5), // through our price: the rest
];

/** On the first trade it sees: a bid at 100 and a market buy. */
const placer = defineStrategy<Record<string, never>, { placed: number[] }>({
  name: 'placer',
  createState: () => ({ placed: [] }),
  onTrade(_trade, ctx) {
    if (ctx.state.placed.length > 0) return;
    ctx.state.placed.push(ctx.now());
    ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '0.5', price: '100' });
    ctx.orders.market({ productId: 'BTC-USD', side: 'buy', size: '0.4' });
  },
});

describe('tick-mode replay', () => {
  it('applies latency, walks the recorded book, queues behind the recorded size, fills in parts', async () => {
    const recording = readRecording(writeRecording('one.jsonl', messages));
    const { result, stats } = await runBacktest({
      strategy: placer,
      products: ['BTC-USD'],
      data: { recording },
      balances: { USD: '1000' },
      fees: 'maker=0.004,taker=0.006',
      latencyMs: 50,
    });
    const iso = (offset: number) => new Date(t0 + offset).toISOString();
    expect(result.config.venue).toBe('backtest (ticks)');
    expect(stats.runtimeErrors).toEqual([]);
    expect(result.trades.map((fill) => [fill.time, fill.price, fill.size, fill.liquidity])).toEqual([
      [iso(1100), '101', '0.3', 'taker'], // the market buy takes the best ask...
      [iso(1100), '102', '0.1', 'taker'], // ...and the next level
      [iso(1200), '100', '0.3', 'maker'], // the bid: what traded beyond the 0.2 still queued ahead
      [iso(1300), '100', '0.2', 'maker'], // a trade through 100 fills the rest
    ]);
    expect(result.trades.map((fill) => fill.fee)).toEqual(['0.1818', '0.0612', '0.12', '0.08']);
    // The chart's candles are built from the recorded trades, one a minute.
    expect(result.prices['BTC-USD']).toEqual([
      { time: iso(0), open: '101', high: '101', low: '99', close: '99', volume: '2.9' },
    ]);
  });
});

describe('latency of cancels', () => {
  const bidThenCancel = defineStrategy<Record<string, never>, { trades: number }>({
    name: 'bid-then-cancel',
    createState: () => ({ trades: 0 }),
    onTrade(_trade, ctx) {
      ctx.state.trades += 1;
      if (ctx.state.trades === 1)
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '0.5', price: '100.5' });
      if (ctx.state.trades === 2) ctx.orders.cancelAll();
    },
  });
  const tape: RecordingMessage[] = [
    { type: 'book-snapshot', time: t0, productId: 'BTC-USD', bids: [['100', '1']], asks: [['101', '1']] },
    trade(1000, '101', '0.1', 'buy', 1), // the bid is placed
    trade(1100, '101', '0.1', 'buy', 2), // it has arrived; the cancel is sent
    trade(1120, '100', '1', 'sell', 3), // through the bid, before the cancel arrives (latency 50 ms)
    trade(1200, '100', '1', 'sell', 4),
  ];

  it.each([
    [50, 1, 0],
    [0, 0, 1],
  ])('with %i ms latency: %i fills, %i cancels', async (latencyMs, fills, cancels) => {
    const { result, stats } = await runBacktest({
      strategy: bidThenCancel,
      products: ['BTC-USD'],
      data: { recording: readRecording(writeRecording(`cancel-${latencyMs}.jsonl`, tape)) },
      balances: { USD: '1000' },
      latencyMs,
    });
    expect(result.trades).toHaveLength(fills);
    expect(stats.ordersCanceled).toBe(cancels);
    expect(stats.runtimeErrors).toEqual([]);
  });
});

describe('recording files', () => {
  it('uses the product rules recorded in the header', async () => {
    const rules = {
      id: 'BTC-USD',
      base_currency: 'BTC',
      quote_currency: 'USD',
      base_increment: '0.00000001',
      quote_increment: '0.01',
      min_market_funds: '1000',
      status: 'online',
    };
    const recording = readRecording(writeRecording('rules.jsonl', messages, [rules]));
    const { stats } = await runBacktest({
      strategy: placer,
      products: ['BTC-USD'],
      data: { recording },
      balances: { USD: '1000' },
    });
    expect(stats.ordersDenied).toBe(1); // 0.5 × 100 is under the recorded minimum of 1000
  });

  it('refuses a bad header when read, and a malformed line or time going backwards when reached, naming the line', async () => {
    const path = writeRecording('bad.jsonl', messages.slice(0, 2));
    const text = readFileSync(path, 'utf8');
    const failures = [
      ['{"format":"other"}\n', 1, /expected format "tradeloop.recording"/],
      [`${text}{"type":"trade"\n`, 4, /expected one JSON object/],
      [`${text}${JSON.stringify({ ...messages[1], price: '-1' })}\n`, 4, /price: expected a decimal string/],
      // Money as a JSON number (digits may be lost) is refused, not replayed.
      [
        `${text}${JSON.stringify({ ...messages[1], price: 100 })}\n`,
        4,
        /price: expected a decimal string, received number 100/,
      ],
      [
        `${text}${JSON.stringify({ type: 'book-snapshot', time: t0 + 5_000, productId: 'BTC-USD', bids: [[100, '1']], asks: [] })}\n`,
        4,
        /bids: expected \[price, size\] decimal strings, received "\[100,\\"1\\"\]"/,
      ],
      [`${text}${JSON.stringify({ ...messages[1], time: t0 - 1 })}\n`, 4, /earlier than the line before/],
    ] as const;
    for (const [content, line, message] of failures) {
      const broken = join(directory, `broken-${line}-${String(message).length}.jsonl`);
      writeFileSync(broken, content);
      let caught: unknown;
      try {
        await runBacktest({
          strategy: placer,
          products: ['BTC-USD'],
          data: { recording: readRecording(broken) },
          balances: { USD: '1000' },
        });
      } catch (error) {
        caught = error;
      }
      expect(RecordingFormatError.isInstance(caught)).toBe(true);
      expect((caught as RecordingFormatError).line).toBe(line);
      expect((caught as Error).message).toMatch(message);
    }
  });

  it('replays from the first message at or after `from` (read once) up to `to`, and frees the file when a run stops before replaying', async () => {
    const path = writeRecording('range.jsonl', messages);
    const ids: string[] = [];
    const seen = defineStrategy({
      name: 'seen',
      onTrade(trade) {
        ids.push(String(trade.tradeId));
      },
    });
    await runBacktest({
      strategy: seen,
      products: ['BTC-USD'],
      data: { recording: readRecording(path) },
      balances: { USD: '1000' },
      from: new Date(t0 + 1100).toISOString(),
      to: new Date(t0 + 1300).toISOString(),
    });
    // Trade 3 is the message the run read to find its start: the replay begins with it.
    expect(ids).toEqual(['3', '4']);

    // A run refused after the recording was opened (the strategy's parameters) leaves no file open.
    const refuses = defineStrategy<{ n: number }>({
      name: 'refuses',
      params: { defaults: { n: 1 }, validate: (params) => (params.n === 1 ? [] : ['n: expected 1']) },
    });
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    for (let run = 0; run < 5; run += 1)
      await expect(
        runBacktest({
          strategy: refuses,
          parameters: { n: 2 },
          products: ['BTC-USD'],
          data: { recording: readRecording(path) },
          balances: { USD: '1000' },
        }),
      ).rejects.toThrow(/n: expected 1/);
    expect(openFiles()).toBe(before);
  });

  it('replays deterministically', async () => {
    const recording = readRecording(writeRecording('two.jsonl', messages));
    const options = {
      strategy: placer,
      products: ['BTC-USD'],
      data: { recording },
      balances: { USD: '1000' },
      latencyMs: 50,
    } as const;
    expect(formatRunResult((await runBacktest(options)).result)).toBe(
      formatRunResult((await runBacktest(options)).result),
    );
  });
});
