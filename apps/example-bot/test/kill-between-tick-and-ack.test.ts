/**
 * `kill -9` at a random moment between a trade (the tick) and the exchange's answer to the order
 * the bot places in reaction loses no order and places none twice. Each round starts the bot on
 * the same journal (so every start but the first is a restart after a kill), publishes one trade,
 * and kills the bot at a point drawn from a seeded random source: at the trade's publication,
 * some event-loop turns after it, at the moment the exchange receives the order (before it
 * answers), or some turns after that. A last run stops cleanly; then the journal, the summary and
 * the simulator's own records must agree. A failing seed reproduces with KILL_TEST_SEED=<seed>.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/output/summary.js';
import { BotProcess } from './support/bot-process.js';
import { expectSummaryMatchesSimulator, readSimulatorRecords } from './support/simulator-records.js';

const PRODUCT_ID = 'BTC-USD';
const ROUNDS = Number(process.env.KILL_TEST_ROUNDS ?? 8);
const seed = Number(process.env.KILL_TEST_SEED ?? 16);
const strategyPath = fileURLToPath(new URL('./fixtures/trade-reaction.ts', import.meta.url));

/** mulberry32: a small seeded generator, so a failing sequence of kill points can be replayed. */
function seededRandom(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type KillPoint = { at: 'publication'; turns: number } | { at: 'order-received'; turns: number };

const turnsLater = (turns: number, then: () => void) => {
  if (turns === 0) then();
  else setImmediate(() => turnsLater(turns - 1, then));
};

let simulator: RunningSimulator | undefined;
let directory: string | undefined;
afterEach(async () => {
  await simulator?.stop();
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  simulator = undefined;
  directory = undefined;
});

describe('kill -9 between a tick and the acknowledgement of the order it caused', () => {
  it(`loses no order and places none twice (seed ${seed}, ${ROUNDS} random kill points)`, async () => {
    const random = seededRandom(seed);
    simulator = await startSimulator({
      port: 0,
      seed,
      rateLimits: false,
      market: { enabled: false },
      balances: { USD: '1000000', BTC: '10' },
    });
    directory = await mkdtemp(join(tmpdir(), 'example-bot-kill-'));
    const exchange = simulator.exchange;
    const journalPath = join(directory, 'journal.jsonl');
    const summaryPath = join(directory, 'summary.json');
    const env = {
      COINBASE_API_KEY: simulator.credentials.apiKey,
      COINBASE_API_SECRET: simulator.credentials.apiSecret,
      COINBASE_API_PASSPHRASE: simulator.credentials.passphrase,
      COINBASE_REST_URL: simulator.restUrl,
      COINBASE_WS_URL: simulator.wsUrl,
    };
    const startBot = (durationSeconds: number) =>
      new BotProcess(
        [
          '--strategy',
          strategyPath,
          '--products',
          PRODUCT_ID,
          '--duration',
          String(durationSeconds),
          '--journal',
          journalPath,
          '--summary-json',
          summaryPath,
          '--log-format',
          'json',
        ],
        env,
      );

    // Counterparties whose trade the bot reacts to.
    const balances = { USD: '1000000', BTC: '1000' };
    const maker = exchange.caller(exchange.addProfile({ balances }).profileId);
    const taker = exchange.caller(exchange.addProfile({ balances }).profileId);
    const trade = () => {
      const order = { product_id: PRODUCT_ID, price: '64000.00', size: '0.001' };
      expect(exchange.placeOrder(maker, { ...order, side: 'sell' }).ok).toBe(true);
      expect(exchange.placeOrder(taker, { ...order, side: 'buy' }).ok).toBe(true);
    };

    // Every order of the bot the exchange received, with the round whose trade it answered.
    const received: Array<{ clientOid: string; round: number }> = [];
    let round = -1;
    let onPublished: (() => void) | undefined;
    let onReceived: (() => void) | undefined;
    exchange.onEvent((event) => {
      if (event.kind !== 'full') return;
      if (event.message.type === 'match') onPublished?.();
      else if (event.message.type === 'received' && event.owner?.profileId === simulator?.profileId) {
        received.push({ clientOid: String(event.privateFields?.client_oid), round });
        onReceived?.();
      }
    });

    const killPoints: KillPoint[] = [];
    for (round = 0; round < ROUNDS; round += 1) {
      const point: KillPoint = {
        at: random() < 0.5 ? 'publication' : 'order-received',
        turns: Math.floor(random() * 12),
      };
      killPoints.push(point);
      const bot = startBot(300);
      await bot.waitForEvent(
        (event) => event.event === 'strategy-logged' && event.message === 'ready to react',
        30_000,
      );
      const kill = () => {
        onPublished = undefined;
        onReceived = undefined;
        bot.kill('SIGKILL');
      };
      if (point.at === 'publication') onPublished = () => turnsLater(point.turns, kill);
      else onReceived = () => turnsLater(point.turns, kill);
      // Should the kill point never come (no order), the bot is killed anyway after a while.
      const fallback = setTimeout(kill, 3_000);
      trade();
      const exit = await bot.exit(10_000);
      clearTimeout(fallback);
      expect(exit.signal, `round ${round} (${JSON.stringify(point)}): ${exit.stderr}`).toBe('SIGKILL');
    }

    // A last run that stops cleanly (its stop cancels what is open) and writes the summary.
    const last = startBot(2);
    const exit = await last.exit(40_000);
    expect(exit.exitCode, exit.stderr).toBe(0);

    const context = `seed ${seed}, kill points ${JSON.stringify(killPoints)}`;
    const journal = (await readFile(journalPath, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { kind: string; request?: { clientOrderId: string } });
    const journaled = journal
      .filter((record) => record.kind === 'order')
      .map((record) => record.request?.clientOrderId);
    // No order lost: every order the exchange received was journaled before it was sent.
    for (const { clientOid } of received) expect(journaled, `${clientOid}; ${context}`).toContain(clientOid);
    // None placed twice: one order per trade at most, each client order id once.
    const perRound = new Map<number, number>();
    for (const { round: index } of received) perRound.set(index, (perRound.get(index) ?? 0) + 1);
    for (const [index, count] of perRound) expect(count, `round ${index}; ${context}`).toBe(1);
    expect(new Set(journaled).size, context).toBe(journaled.length);
    const receivedIds = received.map(({ clientOid }) => clientOid);
    expect(new Set(receivedIds).size, `an order reached the exchange twice; ${context}`).toBe(
      receivedIds.length,
    );
    // Some kills came after the order had reached the exchange, some before: both sides are tested.
    expect(received.length, context).toBeGreaterThan(0);
    expect(received.length, context).toBeLessThanOrEqual(ROUNDS);

    // The clean run's summary agrees with the exchange: every order it holds is known by both ids, none left open.
    const summary = JSON.parse(await readFile(summaryPath, 'utf8')) as RunSummary;
    expectSummaryMatchesSimulator(
      summary,
      readSimulatorRecords(simulator, simulator.profileId, [PRODUCT_ID]),
    );
  }, 120_000);
});
