/**
 * Paper trading on Advanced Trade's market data, end to end in this process: a started simulator
 * is "the market" (its Advanced Trade feed and `/market/products`, reached through a proxy that
 * logs every request and frame), and the bot runs `--paper --api advanced-trade`.
 * The simulator must receive no order and no authenticated request, every paper fill must be where
 * the market traded, and the recording must backtest to the same fills. (In process, through
 * `runBot` with the CLI's own parse, so the proxy's log and the simulator's state can be read.)
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdvancedTradeMarketData } from '@tradeloop/coinbase';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot } from '../src/bot.js';
import type { BotEvent } from '../src/bot-events.js';
import { parseCommand } from '../src/config.js';
import { ConsoleOutput } from '../src/output/console.js';
import { RunRecorder } from '../src/output/summary.js';
import { ShutdownTrigger } from '../src/shutdown.js';
import {
  expectBalancesAddUp,
  expectFillsWhereTheMarketTraded,
  listenToPrintedTrades,
  type PrintedTrades,
} from './support/paper-fill-checks.js';
import { RequestLogProxy } from './support/request-log-proxy.js';
import { readSimulatorRecords } from './support/simulator-records.js';

/** How long the paper session trades (the market runs at 10× speed: plenty of trades). */
const SESSION_SECONDS = 12;
const products = ['BTC-USD', 'ETH-USD'];
const parameters = { spread: '0.00002', refreshMs: '250', requoteThreshold: '0.00001' };
const fees = 'maker=0.004,taker=0.006';
const latencyMs = 150;

let simulator: RunningSimulator;
let proxy: RequestLogProxy;
let directory: string;
let printed: PrintedTrades = new Map();
const tape = { close: async () => {} };

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, seed: 21, market: { enabled: true, speed: 10 } });
  proxy = await RequestLogProxy.start(simulator);
  directory = await mkdtemp(join(tmpdir(), 'example-bot-paper-at-'));
  // The trades Advanced Trade's feed printed, heard independently of the bot (not through the proxy).
  const market = createAdvancedTradeMarketData({
    restUrl: simulator.advancedTrade.restUrl,
    feedUrl: simulator.advancedTrade.wsUrl,
  });
  tape.close = () => market.close();
  printed = await listenToPrintedTrades(market, products);
});

afterAll(async () => {
  await tape.close();
  await proxy?.stop();
  await simulator?.stop();
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
});

describe('paper trading on Advanced Trade market data from the simulator', () => {
  it(
    'sends no order and no signed request, fills only where the market traded, adds up, and backtests to the same fills',
    async () => {
      const command = parseCommand(
        [
          '--paper',
          '--api',
          'advanced-trade',
          '--strategy',
          'market-maker',
          '--products',
          products.join(','),
          '--duration',
          String(SESSION_SECONDS),
          '--journal',
          join(directory, 'journal-paper.jsonl'),
          '--record',
          join(directory, 'recording'),
          '--fees',
          fees,
          '--latency-ms',
          String(latencyMs),
          '--log-format',
          'json',
          '--status-interval',
          '2',
          ...Object.entries(parameters).flatMap(([name, value]) => ['--param', `${name}=${value}`]),
        ],
        {
          COINBASE_REST_URL: proxy.restUrl,
          COINBASE_WS_URL: `${proxy.wsUrl}/advanced-trade`,
        },
        directory,
      );
      if (command.kind !== 'run' || command.config.venue.kind !== 'paper')
        throw new Error(`expected a paper run, parsed ${command.kind}`);
      const config = command.config;
      expect(command.config.venue.api).toBe('advanced-trade');
      const lines: string[] = [];
      const now = () => Date.now();
      const output = new ConsoleOutput({
        format: 'json',
        write: (line) => lines.push(line),
        now,
        scrubber: config.secrets,
        mode: 'paper',
      });
      const recorder = new RunRecorder({ now });
      const events: BotEvent[] = [];
      const emit = (event: BotEvent) => {
        events.push(event);
        recorder.record(event);
        output.record(event);
      };
      const shutdown = new ShutdownTrigger({ signals: new EventEmitter(), exit: () => undefined });
      const caller = simulator.exchange.caller(simulator.profileId);
      const accountsBefore = simulator.exchange.accounts(caller);
      let summary: Awaited<ReturnType<typeof runBot>>;
      try {
        summary = await runBot({
          config,
          console: output,
          recorder,
          emit,
          shutdown,
          now,
          baseDirectory: directory,
          debug: false,
        });
      } finally {
        shutdown.dispose();
      }

      // The exchange saw nothing but public reads of Advanced Trade: no order, no fill, no signature.
      const records = readSimulatorRecords(simulator, simulator.profileId, products);
      expect(records.orders).toEqual([]);
      expect(records.fills).toEqual([]);
      expect(simulator.exchange.accounts(caller)).toEqual(accountsBefore);
      expect(proxy.requests.filter((request) => request.signed || request.method !== 'GET')).toEqual([]);
      expect(proxy.requests.map((request) => request.path.split('?')[0])).toContain(
        '/api/v3/brokerage/market/products',
      );
      expect(proxy.frames.filter((frame) => frame.signed)).toEqual([]);
      const channels = new Set(proxy.frames.map((frame) => String(frame.message.channel)));
      expect([...channels].sort()).toEqual(['heartbeats', 'level2', 'market_trades']);

      // Every line says it is a paper run, and the summary says whose market it was.
      expect(lines.length).toBeGreaterThan(5);
      for (const line of lines) expect(line.startsWith('{"mode":"paper",'), line).toBe(true);
      expect(summary.paper?.marketData).toContain('Advanced Trade');
      expect(summary.paper).toMatchObject({ fees: { maker: '0.004', taker: '0.006' }, latencyMs });
      expect(events).toContainEqual({ type: 'feed-subscribed', channels: ['market_trades'], products });
      expect(summary.stopReason).toBe('duration reached');
      expect(summary.errors).toEqual([]);
      expect(summary.fills.length, 'the session filled nothing').toBeGreaterThan(0);
      expect(summary.orders.openAtExit).toEqual([]);

      expect(summary.paper?.recording).toBeDefined();
      await expectFillsWhereTheMarketTraded(
        { strategy: 'market-maker', products, parameters, fees, latencyMs, baseDirectory: directory },
        summary,
        printed,
      );
      expectBalancesAddUp(products, summary);
    },
    (SESSION_SECONDS + 30) * 1000,
  );
});
