/**
 * Tick-to-order latency over loopback: from the moment the simulator publishes a public trade to
 * the moment the order a client sent in reaction reaches the simulator (its `received` event),
 * both read in the simulator's process with one clock. Each client runs in its own process, as a
 * bot would, each configured as its experienced users run it (kept-alive connections, release
 * builds, rate limiters off):
 *
 * - the example bot (apps/example-bot) itself, with a strategy that places an order on a trade:
 *   its venue composition, its on-disk journal (each order written before it is sent, flushed to
 *   disk right after: decision 0014), its risk gates and its
 *   console output (to /dev/null, so the formatting and the write run, not a terminal);
 * - the floor: `ws` + `JSON.parse` + `node:crypto` HMAC + one kept-alive `node:http` POST;
 * - ccxt pro `watchTrades` → `createOrder`;
 * - the strategy-kit runtime alone (in-memory journal, no logger);
 * - `@tradeloop/websocket` + `@tradeloop/rest` without the runtime.
 *
 * Each client watches a product of its own (all listed with BTC-USD's rules and price), so a trade
 * wakes only the client it is meant for, as on a machine that runs one bot: with one shared
 * product, every trade woke all five processes on a machine of two cores, and the simulator wrote
 * to them in subscription order, so the measured client waited behind the others.
 *
 * One client is armed at a time, in alternating rounds; trades come one by one, each after the
 * previous reaction arrived, with a random pause so no timer rhythm is measured. Each client
 * reports the TCP connections it opened while armed, so a client that does not keep its
 * connection alive shows in the notes.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Figure, printRow, quantile, smoke, type Unmeasured } from '@tradeloop-internal/bench-harness';
import ccxt from 'ccxt';
import { forkExampleBot, forkTypeScript, nextMessage, stopChild } from '../support/child-process.js';
import { diskScratchDirectory } from '../support/disk-scratch.js';
import { reasonOf } from '../support/figures.js';
import { SeededRandom } from '../support/random.js';
import { CLIENT_PRODUCT_IDS, type ClientMessage, type ParentMessage } from '../tick-to-order/protocol.js';
import { startTradingSimulator } from '../tick-to-order/trading-simulator.js';

const rounds = smoke ? 2 : 8;
/** `BENCH_TICK_TO_ORDER_TRADES` overrides, e.g. for a CPU profile over many reactions. */
const tradesPerRound = Number(process.env.BENCH_TICK_TO_ORDER_TRADES ?? (smoke ? 3 : 100));
/**
 * `BENCH_TICK_TO_ORDER_PROFILE=<folder>`: the example bot writes a V8 CPU profile of each armed
 * round there (`pnpm --filter @tradeloop-internal/benchmarks profile:summary <file>` reads one).
 */
const profileFolder = process.env.BENCH_TICK_TO_ORDER_PROFILE;
/**
 * `BENCH_TICK_TO_ORDER_TRACE=<folder>`: each client process marks its steps on the machine-wide
 * monotonic clock (reaction-trace-preload.mjs) and the suite writes each measured trade's
 * publication and arrival there; `pnpm --filter @tradeloop-internal/benchmarks reaction:trace
 * <folder>` prints where each client's time went. The wrapping costs a little: not for the table.
 */
const traceFolder = process.env.BENCH_TICK_TO_ORDER_TRACE;
const traceLines: string[] = [];
if (traceFolder !== undefined) mkdirSync(traceFolder, { recursive: true });
const reactionTimeoutMs = 2_000;
/**
 * Between a reaction and the next trade. Above 1/15 s: Coinbase Exchange allows 15 private
 * requests a second (burst 30), and the example bot's REST client keeps to that, as a bot against
 * the real exchange must. Faster trades would measure its rate limiter's wait (~50 ms once the
 * burst is spent), not its reaction; the other clients, whose limiters are off, get the same pace.
 */
const pauseBetweenTradesMs = [70, 90] as const;

/** Where the example bot's journal lives: a real disk, so its write and flush cost what they cost a user. */
const journalFolder = diskScratchDirectory('tradeloop-tick-to-order-');

type ClientEnvironment = Record<string, string>;
interface ClientSpec {
  name: string;
  /** A short name for trace files. */
  label: string;
  /** How this client is configured, for the row's notes. */
  setup: string;
  launch: (environment: ClientEnvironment) => ChildProcess;
}
const clientSpecs: ClientSpec[] = [
  {
    name: 'example bot: runtime + Coinbase venue + on-disk journal + risk gates + console output',
    label: 'example-bot',
    setup: `apps/example-bot's own entry point with a reaction strategy (--strategy), its pretty console lines to /dev/null, journal on ${journalFolder.fileSystem} (written before each order, fdatasync after the send), the bot's default risk limits`,
    launch: (environment) =>
      forkExampleBot(
        [
          '--strategy',
          new URL('../tick-to-order/example-bot-strategy.ts', import.meta.url).pathname,
          '--products',
          environment.TICK_TO_ORDER_PRODUCT_ID ?? '',
          '--journal',
          join(journalFolder.path, 'bot.journal.jsonl'),
        ],
        {
          COINBASE_API_KEY: environment.TICK_TO_ORDER_API_KEY ?? '',
          COINBASE_API_SECRET: environment.TICK_TO_ORDER_API_SECRET ?? '',
          COINBASE_API_PASSPHRASE: environment.TICK_TO_ORDER_PASSPHRASE ?? '',
          COINBASE_REST_URL: environment.TICK_TO_ORDER_REST_URL ?? '',
          COINBASE_WS_URL: environment.TICK_TO_ORDER_WS_URL ?? '',
          INIT_CWD: journalFolder.path,
          ...(environment.TICK_TO_ORDER_TRACE_FILE === undefined
            ? {}
            : {
                NODE_OPTIONS: environment.NODE_OPTIONS ?? '',
                TICK_TO_ORDER_TRACE_FILE: environment.TICK_TO_ORDER_TRACE_FILE,
              }),
          ...(profileFolder === undefined ? {} : { TICK_TO_ORDER_CPU_PROFILE_DIR: profileFolder }),
        },
      ),
  },
  {
    name: 'raw floor: ws + JSON.parse + node:crypto HMAC + one keep-alive node:http POST',
    label: 'raw-floor',
    setup: 'matches channel only; http.Agent keepAlive with one socket, opened before the first trade',
    launch: (environment) => forkTypeScript('tick-to-order/raw-floor-client.ts', environment),
  },
  {
    name: `ccxt ${ccxt.version} pro watchTrades → createOrder`,
    label: 'ccxt-pro',
    setup:
      "npm release build; enableRateLimit off; REST over ccxt's undici keep-alive dispatcher plus a keepAlive httpAgent; markets loaded first",
    launch: (environment) => forkTypeScript('tick-to-order/ccxt-pro-client.ts', environment),
  },
  {
    name: '@tradeloop/strategy-kit runtime + Coinbase venue alone (in-memory journal, no logger)',
    label: 'runtime-alone',
    setup: 'createRuntime on createCoinbaseVenue, default risk, no journal path, no logger',
    launch: (environment) => forkTypeScript('tick-to-order/tradeloop-runtime-client.ts', environment),
  },
  {
    name: '@tradeloop/websocket + @tradeloop/rest, no runtime',
    label: 'no-runtime',
    setup: 'CoinbaseFeed matches → CoinbaseExchangeClient.placeOrder (node:http keep-alive, standbyPost)',
    launch: (environment) => forkTypeScript('tick-to-order/tradeloop-direct-client.ts', environment),
  },
];

interface RunningClient {
  spec: ClientSpec;
  profileId: string;
  /** The product only this client watches: a trade on it wakes no other client. */
  productId: string;
  process: ChildProcess;
  failure: string | undefined;
  samplesMicroseconds: number[];
  roundP50: number[];
  roundP99: number[];
  missed: number;
  /** TCP connections the client opened while armed, over all rounds. */
  connectionsOpened: number;
}

const tracePreload = new URL('../tick-to-order/reaction-trace-preload.mjs', import.meta.url).pathname;
const { simulator, trade } = await startTradingSimulator(CLIENT_PRODUCT_IDS.slice(0, clientSpecs.length));
const exchange = simulator.exchange;
const random = new SeededRandom(42);
const clients: RunningClient[] = [];

// Timestamps on the simulator's side: the trade's publication and the armed client's order arriving,
// heard before the simulator's feeds send anything about either (`first`): else a client on the
// `user` channel would be timed after the feed wrote it the order's `received` message.
let publishedAt = Number.NaN;
let publishedHrtime = 0n;
let armedProfileId: string | undefined;
/** The armed client's label while its trades are measured (not during its warm-up). */
let armedLabel: string | undefined;
let onReceived: ((at: number) => void) | undefined;
exchange.onEvent(
  (event) => {
    if (event.kind !== 'full') return;
    if (event.message.type === 'match') {
      publishedAt = performance.now();
      if (traceFolder !== undefined) publishedHrtime = process.hrtime.bigint();
    } else if (event.message.type === 'received' && event.owner?.profileId === armedProfileId) {
      if (traceFolder !== undefined && armedLabel !== undefined)
        traceLines.push(`${armedLabel} ${publishedHrtime} ${process.hrtime.bigint()}`);
      onReceived?.(performance.now());
    }
  },
  { first: true },
);

function reactionTo(): { arrived: Promise<number | undefined> } {
  return {
    arrived: new Promise((resolve) => {
      const timer = setTimeout(() => {
        onReceived = undefined;
        resolve(undefined);
      }, reactionTimeoutMs);
      onReceived = (at) => {
        clearTimeout(timer);
        onReceived = undefined;
        resolve(at);
      };
    }),
  };
}

/**
 * Cancels the client's resting reaction orders once each has arrived, so a client has at most
 * about one open order, as a bot within the example bot's default limit of 10 open orders does.
 * (Leaving them to pile up would measure a bot with a hundred open orders, which its risk checks
 * scan on every order.) The cancel's `done` message reaches the clients on `user` between trades.
 */
function cancelReactions(client: RunningClient): void {
  exchange.cancelAll(exchange.caller(client.profileId), client.productId);
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

try {
  // Start every client at once (ccxt alone takes seconds to load), then wait for each to connect.
  for (const [index, spec] of clientSpecs.entries()) {
    const key = simulator.createApiKey({ balances: { USD: '10000000' } });
    const productId = CLIENT_PRODUCT_IDS[index] as string;
    clients.push({
      spec,
      profileId: key.profileId,
      productId,
      process: spec.launch({
        TICK_TO_ORDER_REST_URL: simulator.restUrl,
        TICK_TO_ORDER_WS_URL: simulator.wsUrl,
        TICK_TO_ORDER_API_KEY: key.apiKey,
        TICK_TO_ORDER_API_SECRET: key.apiSecret,
        TICK_TO_ORDER_PASSPHRASE: key.passphrase,
        TICK_TO_ORDER_PRODUCT_ID: productId,
        ...(traceFolder === undefined
          ? {}
          : {
              NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${tracePreload}`.trim(),
              TICK_TO_ORDER_TRACE_FILE: join(traceFolder, `${spec.label}.marks`),
            }),
      }),
      failure: undefined,
      samplesMicroseconds: [],
      roundP50: [],
      roundP99: [],
      missed: 0,
      connectionsOpened: 0,
    });
  }
  await Promise.all(
    clients.map((client) =>
      nextMessage(
        client.process as ChildProcess,
        (message) => ((message as ClientMessage).type === 'ready' ? true : undefined),
        60_000,
        'the client to connect',
      ).catch((error: unknown) => {
        client.failure = `client did not start: ${reasonOf(error)}`;
      }),
    ),
  );

  // Trade until every running client has seen a trade: then its subscription surely works.
  const live = clients.filter((client) => client.failure === undefined);
  let probing = true;
  const allSeen = Promise.all(
    live.map((client) =>
      nextMessage(
        client.process,
        (message) => ((message as ClientMessage).type === 'saw-trade' ? true : undefined),
        30_000,
        'a first trade',
      ).catch((error: unknown) => {
        client.failure = `no trade reached the client: ${reasonOf(error)}`;
      }),
    ),
  ).finally(() => {
    probing = false;
  });
  while (probing) {
    for (const client of live) trade(client.productId);
    await pause(100);
  }
  await allSeen;

  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? live : [...live].reverse();
    for (const client of order) {
      if (client.failure !== undefined) continue;
      const child = client.process;
      const arm = (armed: boolean) => {
        child.send({ type: 'arm', armed } satisfies ParentMessage);
        return nextMessage(
          child,
          (message) => {
            const answer = message as ClientMessage;
            return answer.type === 'armed' ? answer : undefined;
          },
          10_000,
          'the arm acknowledgement',
        );
      };
      armedProfileId = client.profileId;
      try {
        await arm(true);
        // One unmeasured reaction first: client connection pools drop sockets idle for a few
        // seconds (undici's default is 4 s), and a client waits longer than that while the others
        // take their turns, so its first order of a round would otherwise open a new connection.
        // A bot trading every few seconds keeps its connection warm; so does this. Arming again
        // resets the client's connection count, so the notes count only the measured orders.
        const warmUp = reactionTo();
        trade(client.productId);
        await warmUp.arrived;
        cancelReactions(client);
        // Time for the warm-up's response to come back, so the first measured order finds its socket free.
        await pause(50);
        await arm(true);
      } catch (error) {
        armedProfileId = undefined;
        client.failure = `client stopped answering: ${reasonOf(error)}`;
        continue;
      }
      const samples: number[] = [];
      armedLabel = client.spec.label;
      for (let index = 0; index < tradesPerRound; index += 1) {
        await pause(random.integer(...pauseBetweenTradesMs));
        const reaction = reactionTo();
        trade(client.productId);
        const tradedAt = publishedAt;
        const arrivedAt = await reaction.arrived;
        cancelReactions(client);
        if (arrivedAt === undefined) client.missed += 1;
        else samples.push((arrivedAt - tradedAt) * 1000);
      }
      armedProfileId = undefined;
      armedLabel = undefined;
      await arm(false).then(
        (answer) => {
          if (answer.type === 'armed') client.connectionsOpened += answer.connectionsOpened;
        },
        (error: unknown) => {
          client.failure = `client stopped answering: ${reasonOf(error)}`;
        },
      );
      await pause(20);
      cancelReactions(client);
      samples.sort((left, right) => left - right);
      client.samplesMicroseconds.push(...samples);
      if (samples.length > 0) {
        client.roundP50.push(quantile(samples, 0.5));
        client.roundP99.push(quantile(samples, 0.99));
      }
    }
  }
} finally {
  await Promise.all(
    clients.map((client) =>
      client.process ? stopChild(client.process, { type: 'stop' } satisfies ParentMessage) : undefined,
    ),
  );
  await simulator.stop();
  rmSync(journalFolder.path, { recursive: true, force: true });
  if (traceFolder !== undefined) writeFileSync(join(traceFolder, 'parent.marks'), traceLines.join('\n'));
}

function figureOf(client: RunningClient, fraction: number, perRound: number[]): Figure | Unmeasured {
  if (client.failure !== undefined) return { name: client.spec.name, unavailable: client.failure };
  if (client.samplesMicroseconds.length === 0) {
    return {
      name: client.spec.name,
      unavailable: `no order arrived within ${reactionTimeoutMs} ms of a trade`,
    };
  }
  const sorted = [...client.samplesMicroseconds].sort((left, right) => left - right);
  return {
    name: client.spec.name,
    value: quantile(sorted, fraction),
    min: Math.min(...perRound),
    max: Math.max(...perRound),
    unit: 'µs',
  };
}

const [botClient, ...baselineClients] = clients as [RunningClient, ...RunningClient[]];
const missedNote = clients
  .filter((client) => client.missed > 0)
  .map(
    (client) =>
      `${client.spec.name}: ${client.missed} trades got no order within ${reactionTimeoutMs} ms (left out)`,
  )
  .join('; ');
const setupNote = clients
  .map(
    (client) =>
      `${client.spec.name}: ${client.spec.setup}; ${client.connectionsOpened} TCP connection(s) opened while armed`,
  )
  .join('; ');
const sampleNote = `${rounds} alternating rounds × ${tradesPerRound} measured trades per client, ${pauseBetweenTradesMs[0]}–${pauseBetweenTradesMs[1]} ms apart (under Coinbase's 15 private requests/s, which the example bot's REST client keeps to), each round after one unmeasured warm-up reaction; each client watches a product of its own (same rules and price as BTC-USD), so a trade wakes only the measured client; each reaction order is canceled once it arrived (about one open order at a time); spread = range of the per-round values`;
const notes = [sampleNote, setupNote, missedNote].filter((note) => note !== '').join('. ');
for (const [id, label, fraction, pick] of [
  ['tick-to-order-p50', 'p50', 0.5, (client: RunningClient) => client.roundP50],
  ['tick-to-order-p99', 'p99', 0.99, (client: RunningClient) => client.roundP99],
] as const) {
  printRow({
    id,
    title: `Tick-to-order over loopback, ${label}: trade published → reaction order received by the simulator`,
    better: 'lower',
    candidate: figureOf(botClient, fraction, pick(botClient)),
    baselines: baselineClients.map((client) => figureOf(client, fraction, pick(client))),
    note: notes,
  });
}
