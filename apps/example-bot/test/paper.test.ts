/**
 * Paper trading end to end: a started simulator is "the market" (its public feed, reached through
 * a proxy that logs every request), the bot runs as a process with `--paper` and the simulator's
 * key in its environment, and must never use it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCoinbaseMarketData } from '@tradeloop/coinbase';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/output/summary.js';
import { BotProcess } from './support/bot-process.js';
import {
  expectBalancesAddUp,
  expectFillsWhereTheMarketTraded,
  listenToPrintedTrades,
  type PrintedTrades,
} from './support/paper-fill-checks.js';
import { RequestLogProxy } from './support/request-log-proxy.js';
import { readSimulatorRecords } from './support/simulator-records.js';

/** How long each paper session trades: a minute of the live feed (the market runs at 10× speed: plenty of trades). */
const SESSION_SECONDS = 60;

let simulator: RunningSimulator;
let proxy: RequestLogProxy;
let directory: string;
let printed: PrintedTrades = new Map();
const market = { close: async () => {} };

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, seed: 19, market: { enabled: true, speed: 10 } });
  proxy = await RequestLogProxy.start(simulator);
  directory = await mkdtemp(join(tmpdir(), 'example-bot-paper-'));
  // The trades the feed printed, heard independently of the bot.
  const tape = createCoinbaseMarketData({ restUrl: simulator.restUrl, feedUrl: simulator.wsUrl });
  market.close = () => tape.close();
  printed = await listenToPrintedTrades(tape, ['BTC-USD', 'ETH-USD']);
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

        await expectFillsWhereTheMarketTraded(
          {
            strategy: session.name,
            products: session.products,
            parameters: session.parameters,
            fees,
            latencyMs,
            baseDirectory: directory,
          },
          summary,
          printed,
        );

        expectBalancesAddUp(session.products, summary);
      }
    },
    (SESSION_SECONDS + 60) * 1000,
  );
});
