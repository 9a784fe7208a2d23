/**
 * What a restart does after an OS crash or power cut took the journal's last records with it
 * (their flush to disk overlaps the send, see docs/decisions/0014-journal-durability.md): the
 * disk state such a crash leaves is made by hand (the journal cut back to before the last order's
 * record, the lock file of a process that is gone left behind), the exchange is the simulator.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExchangeCredentials } from '@tradeloop/auth';
import { CoinbaseExchangeClient } from '@tradeloop/rest';
import { startSimulator } from '@tradeloop/simulator';
import {
  type ClientOrderId,
  createRuntime,
  defineStrategy,
  type ExistingOrderPolicy,
  type ReconciliationSummary,
} from '@tradeloop/strategy-kit';
import { describe, expect, it } from 'vitest';
import { createCoinbaseVenue } from '../src/index.js';

/** Polls until `condition` holds; fails with `what` after `timeoutMs` (a wait, not a timing assertion). */
async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The pid of a process that has exited: what a lock file names after its holder was killed. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid as number;
}

type Case = {
  name: string;
  stop: 'unclean' | 'clean';
  policy: ExistingOrderPolicy | undefined;
  expected: { canceled: number; adopted: number; ignored: number; lostOrderStatus: string };
};
const cases: Case[] = [
  {
    name: 'after an unclean stop the default policy cancels the order the journal lost',
    stop: 'unclean',
    policy: undefined,
    expected: { canceled: 1, adopted: 0, ignored: 0, lostOrderStatus: 'done' },
  },
  {
    name: 'after an unclean stop with existingOrdersAfterUncleanStop: adopt it is tracked again',
    stop: 'unclean',
    policy: 'adopt',
    expected: { canceled: 0, adopted: 1, ignored: 0, lostOrderStatus: 'open' },
  },
  {
    name: 'after a clean stop an unknown order is left alone (existingOrders: ignore)',
    stop: 'clean',
    policy: undefined,
    expected: { canceled: 0, adopted: 0, ignored: 1, lostOrderStatus: 'open' },
  },
];

describe('restart after an OS crash lost the journal tail', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const simulator = await startSimulator({
        port: 0,
        seed: 3,
        rateLimits: false,
        market: { enabled: false },
        balances: { USD: '100000', BTC: '10' },
      });
      const credentials = createExchangeCredentials(simulator.credentials);
      const client = new CoinbaseExchangeClient({
        baseUrl: simulator.restUrl,
        credentials,
        rateLimit: false,
      });
      const venue = () =>
        createCoinbaseVenue({
          credentials,
          restUrl: simulator.restUrl,
          feedUrl: simulator.wsUrl,
          rest: { rateLimit: false },
        });
      const directory = mkdtempSync(join(tmpdir(), 'tradeloop-unclean-stop-'));
      const journalPath = join(directory, 'bot.journal');
      try {
        // First run: one resting order, then (once it rests) a second one.
        const placed: ClientOrderId[] = [];
        const first = createRuntime({
          venue: venue(),
          journalPath,
          productIds: ['BTC-USD'],
          reconcileIntervalMs: 0,
          strategy: defineStrategy({
            name: 'resting',
            onStart(ctx) {
              placed.push(
                ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '0.01', price: '50000' }),
              );
            },
            onOrderUpdate(update, ctx) {
              if (update.status === 'open' && placed.length === 1)
                placed.push(
                  ctx.orders.limit({ productId: 'BTC-USD', side: 'sell', size: '0.01', price: '70000' }),
                );
            },
          }),
        });
        await first.start();
        const isOpen = async (id: ClientOrderId | undefined) =>
          id !== undefined && (await client.getOrderByClientOid(id)).status === 'open';
        await waitFor(
          'both orders resting',
          async () => (await isOpen(placed[0])) && (await isOpen(placed[1])),
        );
        await first.stop();

        // The crash: the second order's records never reached the disk (a suffix of the file).
        const lines = readFileSync(journalPath, 'utf8').split('\n');
        const lost = lines.findIndex((line) => line.includes(placed[1] as string));
        expect(lost).toBeGreaterThan(0);
        writeFileSync(journalPath, `${lines.slice(0, lost).join('\n')}\n`);
        if (testCase.stop === 'unclean') writeFileSync(`${journalPath}.lock`, `${deadPid()}\n`);

        const summaries: ReconciliationSummary[] = [];
        let uncleanStop: boolean | undefined;
        const restored: string[] = [];
        const second = createRuntime({
          venue: venue(),
          journalPath,
          productIds: ['BTC-USD'],
          reconcileIntervalMs: 0,
          ...(testCase.policy === undefined ? {} : { existingOrdersAfterUncleanStop: testCase.policy }),
          strategy: defineStrategy({
            name: 'resting',
            onStart(ctx) {
              for (const order of ctx.openOrders()) restored.push(`${order.side} ${order.origin}`);
            },
          }),
        });
        second.on('journal-replayed', (info) => {
          uncleanStop = info.uncleanStop;
        });
        second.on('reconciliation-completed', (summary) => summaries.push(summary));
        await second.start();
        expect(uncleanStop).toBe(testCase.stop === 'unclean');
        expect(summaries[0]).toMatchObject({
          trigger: 'start',
          canceledForeignOrders: testCase.expected.canceled,
          adoptedOrders: testCase.expected.adopted,
          ignoredForeignOrders: testCase.expected.ignored,
        });
        expect(summaries[0]?.afterUncleanStop).toBe(testCase.stop === 'unclean' ? true : undefined);
        expect(restored.sort()).toEqual(
          testCase.expected.adopted === 1 ? ['buy journal', 'sell adopted'] : ['buy journal'],
        );
        // The exchange's own record of the order the journal lost.
        await waitFor(`the lost order ${testCase.expected.lostOrderStatus}`, async () => {
          const status = await client
            .getOrderByClientOid(placed[1] as string)
            .then((order) => order.status as string)
            .catch(() => 'done');
          return status === testCase.expected.lostOrderStatus;
        });
        // The order the journal knew is untouched.
        expect((await client.getOrderByClientOid(placed[0] as string)).status).toBe('open');
        await second.stop({ cancelOpenOrders: true });
      } finally {
        client.close();
        await simulator.stop();
        rmSync(directory, { recursive: true, force: true });
      }
    }, 30_000);
  }
});
