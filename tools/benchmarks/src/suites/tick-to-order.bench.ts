/**
 * Tick-to-order latency over loopback: from the moment the simulator publishes a public trade to
 * the moment the order a client sent in reaction reaches the simulator (its `received` event),
 * both read in the simulator's process with one clock. Each client runs in its own process, as a
 * bot would: a tradeloop strategy (strategy-kit runtime on the Coinbase venue), the same reaction
 * on `@tradeloop/websocket` + `@tradeloop/rest` without the runtime, and ccxt pro (`watchTrades` →
 * `createOrder`). One client is armed at a time, in alternating rounds; trades come one by one,
 * each after the previous reaction arrived, with a random pause so no timer rhythm is measured.
 */
import type { ChildProcess } from 'node:child_process';
import { startSimulator } from '@tradeloop/simulator';
import { type Figure, printRow, quantile, smoke, type Unmeasured } from '@tradeloop-internal/bench-harness';
import ccxt from 'ccxt';
import { forkTypeScript, nextMessage, stopChild } from '../support/child-process.js';
import { reasonOf } from '../support/figures.js';
import { SeededRandom } from '../support/random.js';
import { type ClientMessage, type ParentMessage, PRODUCT_ID } from '../tick-to-order/protocol.js';

const rounds = smoke ? 2 : 8;
const tradesPerRound = smoke ? 3 : 100;
const reactionTimeoutMs = 2_000;

interface ClientSpec {
  name: string;
  script: string;
}
const clientSpecs: ClientSpec[] = [
  {
    name: '@tradeloop/strategy-kit runtime + Coinbase venue',
    script: 'tick-to-order/tradeloop-runtime-client.ts',
  },
  { name: `ccxt ${ccxt.version} pro watchTrades → createOrder`, script: 'tick-to-order/ccxt-pro-client.ts' },
  {
    name: '@tradeloop/websocket + @tradeloop/rest, no runtime',
    script: 'tick-to-order/tradeloop-direct-client.ts',
  },
];

interface RunningClient {
  spec: ClientSpec;
  profileId: string;
  process: ChildProcess;
  failure: string | undefined;
  samplesMicroseconds: number[];
  roundP50: number[];
  roundP99: number[];
  missed: number;
}

const simulator = await startSimulator({
  products: [PRODUCT_ID],
  rateLimits: false,
  market: { enabled: false },
  subscribeTimeoutMs: 60_000,
});
const exchange = simulator.exchange;
const random = new SeededRandom(42);
const clients: RunningClient[] = [];

// The counterparties whose trades the clients react to: a maker rests, a taker takes it at once.
const bigBalances = { USD: '1000000000', BTC: '1000000' };
const maker = exchange.caller(exchange.addProfile({ balances: bigBalances, keepsHistory: false }).profileId);
const taker = exchange.caller(exchange.addProfile({ balances: bigBalances, keepsHistory: false }).profileId);
function trade(): void {
  const order = { product_id: PRODUCT_ID, price: '64250.00', size: '0.00010000' };
  const resting = exchange.placeOrder(maker, { ...order, side: 'sell' });
  const taking = exchange.placeOrder(taker, { ...order, side: 'buy' });
  if (!resting.ok || !taking.ok)
    throw new Error(
      `expected the counterparties' orders to be accepted, received ${JSON.stringify(resting.ok ? taking : resting)}`,
    );
}

// Timestamps on the simulator's side: the trade's publication and the armed client's order arriving.
let publishedAt = Number.NaN;
let armedProfileId: string | undefined;
let onReceived: ((at: number) => void) | undefined;
exchange.onEvent((event) => {
  if (event.kind !== 'full') return;
  if (event.message.type === 'match') publishedAt = performance.now();
  else if (event.message.type === 'received' && event.owner?.profileId === armedProfileId)
    onReceived?.(performance.now());
});

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

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

try {
  // Start every client at once (ccxt alone takes seconds to load), then wait for each to connect.
  for (const spec of clientSpecs) {
    const key = simulator.createApiKey({ balances: { USD: '10000000', BTC: '1000' } });
    clients.push({
      spec,
      profileId: key.profileId,
      process: forkTypeScript(spec.script, {
        TICK_TO_ORDER_REST_URL: simulator.restUrl,
        TICK_TO_ORDER_WS_URL: simulator.wsUrl,
        TICK_TO_ORDER_API_KEY: key.apiKey,
        TICK_TO_ORDER_API_SECRET: key.apiSecret,
        TICK_TO_ORDER_PASSPHRASE: key.passphrase,
      }),
      failure: undefined,
      samplesMicroseconds: [],
      roundP50: [],
      roundP99: [],
      missed: 0,
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
    trade();
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
          (message) => ((message as ClientMessage).type === 'armed' ? true : undefined),
          10_000,
          'the arm acknowledgement',
        );
      };
      try {
        await arm(true);
      } catch (error) {
        client.failure = `client stopped answering: ${reasonOf(error)}`;
        continue;
      }
      armedProfileId = client.profileId;
      const samples: number[] = [];
      for (let index = 0; index < tradesPerRound; index += 1) {
        await pause(random.integer(4, 12));
        const reaction = reactionTo();
        trade();
        const tradedAt = publishedAt;
        const arrivedAt = await reaction.arrived;
        if (arrivedAt === undefined) client.missed += 1;
        else samples.push((arrivedAt - tradedAt) * 1000);
      }
      armedProfileId = undefined;
      await arm(false).catch((error: unknown) => {
        client.failure = `client stopped answering: ${reasonOf(error)}`;
      });
      await pause(20);
      exchange.cancelAll(exchange.caller(client.profileId), PRODUCT_ID);
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

const [runtimeClient, ccxtClient, directClient] = clients as [RunningClient, RunningClient, RunningClient];
const missedNote = clients
  .filter((client) => client.missed > 0)
  .map(
    (client) =>
      `${client.spec.name}: ${client.missed} trades got no order within ${reactionTimeoutMs} ms (left out)`,
  )
  .join('; ');
const sampleNote = `${rounds} alternating rounds × ${tradesPerRound} trades per client; spread = range of the per-round values`;
for (const [id, label, fraction, pick] of [
  ['tick-to-order-p50', 'p50', 0.5, (client: RunningClient) => client.roundP50],
  ['tick-to-order-p99', 'p99', 0.99, (client: RunningClient) => client.roundP99],
] as const) {
  printRow({
    id,
    title: `Tick-to-order over loopback, ${label}: trade published → reaction order received by the simulator`,
    better: 'lower',
    candidate: figureOf(runtimeClient, fraction, pick(runtimeClient)),
    baselines: [
      figureOf(ccxtClient, fraction, pick(ccxtClient)),
      figureOf(directClient, fraction, pick(directClient)),
    ],
    note: missedNote ? `${sampleNote}; ${missedNote}` : sampleNote,
  });
}
