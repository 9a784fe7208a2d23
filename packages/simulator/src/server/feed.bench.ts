/**
 * WebSocket fan-out: 20 clients subscribed to `full` for BTC-USD and ETH-USD while the exchange
 * is driven in-process as fast as it will go (resting orders and cancels from two traders).
 * Reports messages per second delivered in total, and whether every client received every
 * message (a client that fell behind would miss messages or be closed as a slow consumer).
 * Baseline in the same run: the same number of equally large messages broadcast by a bare `ws`
 * server to 20 clients (the cost of the socket layer alone).
 *
 * Run: `pnpm --filter @tradeloop/simulator bench` (BENCH_SMOKE=1 for a short run).
 */
import type { AddressInfo } from 'node:net';
import { compare, printComparison, scaled } from '@tradeloop-internal/bench-harness';
import { WebSocket, WebSocketServer } from 'ws';
import { webSocketAuthFields } from '../../test/support/signing.js';
import { startSimulator } from '../simulator.js';

const clientCount = 20;
const products = ['BTC-USD', 'ETH-USD'];

const simulator = await startSimulator({
  rateLimits: false,
  market: { enabled: false },
  balances: { USD: '1000000000', BTC: '1000', ETH: '100000' },
});
const exchange = simulator.exchange;
const caller = exchange.caller(simulator.profileId);

/** Counts messages per client; resolves when every client has reached a target count. */
class Receivers {
  readonly counts: number[];
  readonly sockets: WebSocket[] = [];
  #target = Number.POSITIVE_INFINITY;
  #resolve: (() => void) | undefined;
  closedEarly = 0;

  constructor(count: number) {
    this.counts = new Array(count).fill(0);
  }

  async connect(url: string, subscribe?: unknown): Promise<void> {
    await Promise.all(
      this.counts.map(
        (_, index) =>
          new Promise<void>((resolve, reject) => {
            const socket = new WebSocket(url, { perMessageDeflate: false });
            this.sockets.push(socket);
            socket.on('message', () => {
              this.counts[index] = (this.counts[index] ?? 0) + 1;
              if (this.#resolve && this.counts.every((count) => count >= this.#target)) this.#resolve();
            });
            socket.on('close', () => {
              this.closedEarly += 1;
            });
            socket.once('error', reject);
            socket.once('open', () => {
              if (subscribe === undefined) return resolve();
              socket.send(JSON.stringify(subscribe));
              socket.once('message', () => resolve()); // the `subscriptions` reply
            });
          }),
      ),
    );
  }

  /** Waits until each client has `expected` more messages than now. */
  expect(expected: number): Promise<void> {
    this.#target = Math.max(...this.counts) + expected;
    return new Promise((resolve) => {
      this.#resolve = resolve;
      if (this.counts.every((count) => count >= this.#target)) resolve();
    });
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
  }
}

const viaSimulator = new Receivers(clientCount);
await viaSimulator.connect(simulator.wsUrl, {
  type: 'subscribe',
  product_ids: products,
  channels: ['full'],
  ...webSocketAuthFields(simulator.credentials),
});

// Baseline: a bare ws server broadcasting a pre-serialized message of the same size.
const bare = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
await new Promise<void>((resolve) => bare.once('listening', () => resolve()));
const viaBare = new Receivers(clientCount);
await viaBare.connect(`ws://127.0.0.1:${(bare.address() as AddressInfo).port}`);

let priceStep = 0;
const sampleMessage = JSON.stringify({
  type: 'received',
  time: '2024-01-01T00:00:00.000000Z',
  product_id: 'BTC-USD',
  sequence: 123456,
  order_id: 'd50ec984-77a8-460a-b958-66f114b0de9b',
  size: '0.00100000',
  price: '10000.00',
  side: 'buy',
  order_type: 'limit',
});

/** One place + cancel publishes received, open and done: three `full` messages. */
async function publishThroughExchange(messages: number): Promise<void> {
  const pairs = Math.max(1, Math.floor(messages / 3));
  const done = viaSimulator.expect(pairs * 3);
  for (let index = 0; index < pairs; index += 1) {
    const productId = products[index % 2] as string;
    const price = `${(productId === 'BTC-USD' ? 10_000 : 1_000) + (priceStep++ % 5000) / 100}`;
    const placed = exchange.placeOrder(caller, { product_id: productId, side: 'buy', price, size: '0.001' });
    if (!placed.ok) throw new Error(placed.error.message);
    exchange.cancelOrder(caller, placed.value.id);
    // Let the sockets drain now and then, as a live exchange would between bursts.
    if (index % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
  }
  await done;
}

async function publishThroughBareServer(messages: number): Promise<void> {
  const count = Math.max(1, Math.floor(messages / 3)) * 3;
  const done = viaBare.expect(count);
  for (let index = 0; index < count; index += 1) {
    for (const client of bare.clients) client.send(sampleMessage);
    if (index % 600 === 599) await new Promise((resolve) => setImmediate(resolve));
  }
  await done;
}

const messages = scaled(6000);
const comparison = await compare(
  { name: `simulator full channel → ${clientCount} clients`, run: publishThroughExchange },
  { name: `bare ws broadcast → ${clientCount} clients`, run: publishThroughBareServer },
  { iterations: messages, rounds: 6 },
);
printComparison(
  `WebSocket fan-out of \`full\` for ${products.join(' + ')} (published messages/s; ×${clientCount} delivered)`,
  comparison,
);
const delivered = Math.round(comparison.candidate.opsPerSecond * clientCount).toLocaleString('en-US');
const behind = viaSimulator.closedEarly > 0 || new Set(viaSimulator.counts).size !== 1;
console.log(
  `  delivered: ${delivered} messages/s in total; any client fell behind: ${behind ? 'yes' : 'no'}`,
);

viaSimulator.close();
viaBare.close();
bare.close();
await simulator.stop();
