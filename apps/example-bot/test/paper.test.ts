/**
 * Paper trading end to end: a started simulator is "the market" (its public feed, reached through
 * a proxy that logs every request), the bot runs as a process with `--paper` and the simulator's
 * key in its environment, and must never use it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecording, runBacktest } from '@tradeloop/backtest';
import { createCoinbaseMarketData } from '@tradeloop/coinbase';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FillDescription } from '../src/bot-events.js';
import { DEFAULTS } from '../src/config/options.js';
import type { RunSummary } from '../src/output/summary.js';
import { loadBotStrategy } from '../src/strategies/load-strategy.js';
import { BotProcess } from './support/bot-process.js';
import { RequestLogProxy } from './support/request-log-proxy.js';
import { readSimulatorRecords } from './support/simulator-records.js';

/** How long each paper session trades (the market runs at 10× speed: plenty of trades). */
const SESSION_SECONDS = 25;

let simulator: RunningSimulator;
let proxy: RequestLogProxy;
let directory: string;
const printed = new Map<string, { price: string; size: string; takerSide: string }>();
const market = { close: async () => {} };

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, seed: 19, market: { enabled: true, speed: 10 } });
  proxy = await RequestLogProxy.start(simulator);
  directory = await mkdtemp(join(tmpdir(), 'example-bot-paper-'));
  // The trades the feed printed, heard independently of the bot.
  const tape = createCoinbaseMarketData({ restUrl: simulator.restUrl, feedUrl: simulator.wsUrl });
  market.close = () => tape.close();
  await tape.subscribe(['BTC-USD', 'ETH-USD'], (event) => {
    if (event.type === 'trade')
      printed.set(`${event.trade.productId}/${event.trade.tradeId}`, {
        price: event.trade.price.toFixed(),
        size: event.trade.size.toFixed(),
        takerSide: event.trade.takerSide,
      });
  });
});

afterAll(async () => {
  await market.close();
  await proxy?.stop();
  await simulator?.stop();
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
});

interface Session {
  name: string;
  products: string[];
  parameters: Record<string, string>;
  logFormat: 'json' | 'pretty';
}

const sessions: Session[] = [
  {
    name: 'market-maker',
    products: ['BTC-USD', 'ETH-USD'],
    parameters: { spread: '0.00002', refreshMs: '250', requoteThreshold: '0.00001' },
    logFormat: 'json',
  },
  {
    name: 'trend-follower',
    products: ['BTC-USD'],
    parameters: { granularitySeconds: '1', fastPeriod: '2', slowPeriod: '4' },
    logFormat: 'pretty',
  },
];

const fees = 'maker=0.004,taker=0.006';
const latencyMs = 150;

function startSession(session: Session): BotProcess {
  return new BotProcess(
    [
      '--paper',
      '--strategy',
      session.name,
      '--products',
      session.products.join(','),
      '--duration',
      String(SESSION_SECONDS),
      '--summary-json',
      join(directory, `${session.name}-summary.json`),
      '--journal',
      join(directory, `${session.name}-journal-paper.jsonl`),
      '--record',
      join(directory, `${session.name}-recording`),
      '--fees',
      fees,
      '--latency-ms',
      String(latencyMs),
      '--log-format',
      session.logFormat,
      '--status-interval',
      '2',
      ...Object.entries(session.parameters).flatMap(([name, value]) => ['--param', `${name}=${value}`]),
    ],
    {
      // A key is present: a paper run must still never use it.
      COINBASE_API_KEY: simulator.credentials.apiKey,
      COINBASE_API_SECRET: simulator.credentials.apiSecret,
      COINBASE_API_PASSPHRASE: simulator.credentials.passphrase,
      COINBASE_REST_URL: proxy.restUrl,
      COINBASE_WS_URL: proxy.wsUrl,
    },
  );
}

const fillRow = (
  fill: Pick<FillDescription, 'productId' | 'side' | 'price' | 'size' | 'fee' | 'liquidity'>,
) => [
  fill.productId,
  fill.side,
  new Decimal(fill.price).toFixed(),
  new Decimal(fill.size).toFixed(),
  new Decimal(fill.fee).toFixed(),
  fill.liquidity,
];

describe('paper trading against the simulator’s live feed', () => {
  it(
    'sends no order and no signed request, fills only where the market traded, adds up, and backtests to the same fills',
    async () => {
      const caller = simulator.exchange.caller(simulator.profileId);
      const accountsBefore = simulator.exchange.accounts(caller);
      const bots = sessions.map((session) => startSession(session));
      const exits = await Promise.all(bots.map((bot) => bot.exit((SESSION_SECONDS + 40) * 1000)));

      // The exchange saw nothing but public reads: no order, no fill, no balance moved, no signature.
      const records = readSimulatorRecords(simulator, simulator.profileId, ['BTC-USD', 'ETH-USD']);
      expect(records.orders).toEqual([]);
      expect(records.fills).toEqual([]);
      expect(simulator.exchange.accounts(caller)).toEqual(accountsBefore);
      expect(proxy.requests.length).toBeGreaterThan(0);
      expect(proxy.requests.filter((request) => request.signed || request.method !== 'GET')).toEqual([]);
      expect(proxy.frames.length).toBeGreaterThan(0);
      expect(proxy.frames.filter((frame) => frame.signed)).toEqual([]);
      const channels = new Set(
        proxy.frames.flatMap((frame) =>
          Array.isArray(frame.message.channels)
            ? frame.message.channels.map((channel) => (typeof channel === 'string' ? channel : channel.name))
            : [],
        ),
      );
      expect([...channels].sort()).toEqual(['heartbeat', 'level2_batch', 'matches']);

      for (const [index, session] of sessions.entries()) {
        const exit = exits[index]!;
        expect(exit.stderr, session.name).toBe('');
        expect(exit.exitCode, session.name).toBe(0);
        // Every line says it is a paper run; no secret is printed.
        const lines = exit.stdout.split('\n').filter((line) => line !== '');
        expect(lines.length).toBeGreaterThan(5);
        for (const line of lines)
          if (session.logFormat === 'json') expect(line.startsWith('{"mode":"paper",'), line).toBe(true);
          else expect(line.startsWith('PAPER '), line).toBe(true);
        expect(exit.stdout).not.toContain(simulator.credentials.apiSecret);
        expect(exit.stdout).not.toContain(simulator.credentials.passphrase);

        const summary = JSON.parse(
          await readFile(join(directory, `${session.name}-summary.json`), 'utf8'),
        ) as RunSummary;
        expect(summary.paper).toMatchObject({ fees: { maker: '0.004', taker: '0.006' }, latencyMs });
        expect(summary.stopReason).toBe('duration reached');
        expect(summary.errors).toEqual([]);
        expect(summary.fills.length, `${session.name} filled nothing`).toBeGreaterThan(0);
        expect(summary.orders.openAtExit).toEqual([]);

        // Fills happen only where the market traded: a maker fill on a printed trade at or through
        // its price, a taker fill at a level of the book it met.
        const recording = readRecording(summary.paper!.recording!);
        const recordedTrades = recording.messages.flatMap((message) =>
          message.type === 'trade' ? [message] : [],
        );
        for (const trade of recordedTrades)
          expect(
            printed.get(`${trade.productId}/${trade.tradeId}`),
            `trade ${trade.tradeId} was never printed`,
          ).toEqual({
            price: trade.price,
            size: trade.size,
            takerSide: trade.takerSide,
          });
        // The same strategy and parameters, read as the bot reads them.
        const { strategy, params } = await loadBotStrategy(session.name, session.parameters, directory);
        const backtest = await runBacktest({
          strategy,
          parameters: params,
          products: session.products,
          data: { recording },
          balances: summary.paper!.startBalances,
          fees,
          latencyMs,
          risk: {
            maxOrderNotional: DEFAULTS.maxOrderNotional,
            maxPositionSize: DEFAULTS.maxPosition,
            maxOpenOrders: Number(DEFAULTS.maxOpenOrders),
            dailyLossLimit: DEFAULTS.dailyLossLimit,
          },
        });
        // The recording of the session backtests to the same fills.
        expect(backtest.result.trades.map((trade) => fillRow(trade))).toEqual(summary.fills.map(fillRow));
        for (const trade of backtest.result.trades) {
          const time = Date.parse(trade.time);
          const price = new Decimal(trade.price);
          if (trade.liquidity === 'maker') {
            const through = recordedTrades.some(
              (printedTrade) =>
                printedTrade.time === time &&
                printedTrade.productId === trade.productId &&
                (trade.side === 'buy' ? price.gte(printedTrade.price) : price.lte(printedTrade.price)),
            );
            expect(
              through,
              `maker fill ${JSON.stringify(trade)} without a trade at or through its price`,
            ).toBe(true);
          } else {
            // The book it met on arrival: the last one before the message it arrived with (which
            // may itself be a book at the same time).
            const books = recording.messages.filter(
              (message) =>
                message.type === 'book-snapshot' &&
                message.productId === trade.productId &&
                message.time <= time,
            );
            const levels = books
              .slice(-2)
              .flatMap((book) =>
                book.type !== 'book-snapshot' ? [] : trade.side === 'buy' ? book.asks : book.bids,
              );
            // What the book could not fill fills at the next trade's price (no slippage here).
            const printedAt = recordedTrades.some(
              (printedTrade) =>
                printedTrade.productId === trade.productId &&
                printedTrade.time === time &&
                price.eq(printedTrade.price),
            );
            expect(
              levels.some(([levelPrice]) => price.eq(levelPrice)) || printedAt,
              `taker fill ${JSON.stringify(trade)} at no level of the book`,
            ).toBe(true);
          }
        }

        // Balances and PnL add up to the fills.
        const expected = new Map(
          Object.entries(summary.paper!.startBalances).map(([currency, amount]) => [
            currency,
            new Decimal(amount),
          ]),
        );
        const positions = new Map<string, Decimal>();
        let feesPaid = new Decimal(0);
        for (const fill of summary.fills) {
          const [base, quote] = fill.productId.split('-') as [string, string];
          const value = new Decimal(fill.price).times(fill.size);
          const sign = fill.side === 'buy' ? 1 : -1;
          expected.set(base, (expected.get(base) ?? new Decimal(0)).plus(new Decimal(fill.size).times(sign)));
          expected.set(
            quote,
            (expected.get(quote) ?? new Decimal(0)).minus(value.times(sign)).minus(fill.fee),
          );
          positions.set(
            fill.productId,
            (positions.get(fill.productId) ?? new Decimal(0)).plus(new Decimal(fill.size).times(sign)),
          );
          feesPaid = feesPaid.plus(fill.fee);
        }
        for (const [currency, amount] of expected)
          expect(
            new Decimal(summary.balances[currency]?.balance ?? 'NaN').eq(amount),
            `${currency} balance`,
          ).toBe(true);
        for (const productId of session.products)
          expect(
            new Decimal(summary.positions[productId]?.size ?? 'NaN').eq(positions.get(productId) ?? 0),
            `${productId} position`,
          ).toBe(true);
        expect(new Decimal(summary.pnl.USD?.fees ?? 'NaN').eq(feesPaid)).toBe(true);
      }
    },
    (SESSION_SECONDS + 60) * 1000,
  );
});
