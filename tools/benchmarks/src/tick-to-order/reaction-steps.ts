/**
 * One reaction, step by step: the runtime-alone client (onTrade → `ctx.orders.limit`) run in the
 * simulator's own process, with `performance.now()` marks at the trade's publication, the
 * strategy's `onTrade`, the venue's and the REST client's `placeOrder`, the HMAC signature, the
 * first header set on the request, the first socket write of `POST /orders` and the simulator's
 * `received` event. One thread does the exchange's and the bot's work, so the last step includes
 * the rest of the bot's task as well as the simulator's. Prints the p50 of each mark after the
 * trade's publication over the last 40 of 60 reactions, 70 ms apart (`REACTION_STEPS_ROUNDS=<n>`:
 * the last n − 20 of n). The market-data path is marked too (the frame handed over by the client
 * socket, the feed's `match`, the venue's `trade`), with its spans as medians of per-reaction
 * differences.
 *
 * `pnpm --filter @tradeloop-internal/benchmarks reaction:steps` (a diagnosis, not a benchmark row);
 * `REACTION_STEPS_STANDBY=0` turns the REST client's `standbyPost` off, for comparison.
 */
import http from 'node:http';
import net from 'node:net';
import { createExchangeCredentials, ExchangeSigner } from '@tradeloop/auth';
import { createCoinbaseVenue } from '@tradeloop/coinbase';
import { createRuntime, defineStrategy } from '@tradeloop/strategy-kit';
import WebSocket from 'ws';
import { PRODUCT_ID, REACTION_ORDER } from './protocol.js';
import { startTradingSimulator } from './trading-simulator.js';

type Mark =
  | 'published'
  | 'frame'
  | 'feedMatch'
  | 'venueTrade'
  | 'onTrade'
  | 'venuePlaceOrder'
  | 'clientPlaceOrder'
  | 'signing'
  | 'signed'
  | 'firstHeader'
  | 'written'
  | 'limitReturned'
  | 'received';
let marks: Partial<Record<Mark, number>> = {};
let reacting = false;
const markOnce = (name: Mark) => {
  if (reacting && marks[name] === undefined) marks[name] = performance.now();
};

// Instrumentation only: each wrapper records a time and calls the original.
const isOrderPost = (chunk: unknown) =>
  (typeof chunk === 'string'
    ? chunk
    : Buffer.isBuffer(chunk)
      ? chunk.toString('latin1', 0, 12)
      : ''
  ).startsWith('POST /orders');
type SocketWithWritev = net.Socket & { _writev(chunks: { chunk: unknown }[], callback: unknown): void };
const socketPrototype = net.Socket.prototype as SocketWithWritev;
const write = socketPrototype.write;
socketPrototype.write = function (this: net.Socket, ...args: unknown[]) {
  if (isOrderPost(args[0])) markOnce('written');
  return (write as (...all: unknown[]) => boolean).apply(this, args);
} as typeof write;
const writev = socketPrototype._writev;
socketPrototype._writev = function (this: net.Socket, chunks, callback) {
  if (isOrderPost(chunks[0]?.chunk)) markOnce('written');
  return writev.call(this, chunks, callback);
};
const setHeader = http.ClientRequest.prototype.setHeader;
http.ClientRequest.prototype.setHeader = function (this: http.ClientRequest, name, value) {
  if (marks.clientPlaceOrder !== undefined) markOnce('firstHeader');
  return setHeader.call(this, name, value);
};
// The client's socket hands the trade's frame to the feed (the first frame after the trade).
const socketEmit = WebSocket.prototype.emit;
WebSocket.prototype.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]) {
  if (event === 'message') markOnce('frame');
  return socketEmit.call(this, event, ...args);
} as typeof socketEmit;
const sign = ExchangeSigner.prototype.sign;
ExchangeSigner.prototype.sign = function (this: ExchangeSigner, request) {
  if (marks.clientPlaceOrder !== undefined) markOnce('signing');
  const headers = sign.call(this, request);
  if (marks.clientPlaceOrder !== undefined) markOnce('signed');
  return headers;
};

const { simulator, trade } = await startTradingSimulator([PRODUCT_ID]);
const exchange = simulator.exchange;
const key = simulator.createApiKey({ balances: { USD: '10000000', BTC: '1000' } });
let arrived: (() => void) | undefined;
exchange.onEvent((event) => {
  if (event.kind !== 'full') return;
  if (event.message.type === 'match') marks.published = performance.now();
  else if (event.message.type === 'received' && event.owner?.profileId === key.profileId && reacting) {
    markOnce('received');
    arrived?.();
  }
});

const venue = createCoinbaseVenue({
  credentials: createExchangeCredentials(key),
  restUrl: simulator.restUrl,
  feedUrl: simulator.wsUrl,
  rest: { rateLimit: false, standbyPost: process.env.REACTION_STEPS_STANDBY !== '0' },
});
// Listening before the venue does: the feed's typed 'match' event, and the venue's trade event.
venue.feed.on('match', () => markOnce('feedMatch'));
const venueSubscribe = venue.subscribe.bind(venue);
venue.subscribe = (subscription, listener) =>
  venueSubscribe(subscription, (event) => {
    if (event.type === 'trade') markOnce('venueTrade');
    listener(event);
  });
const venuePlaceOrder = venue.placeOrder.bind(venue);
venue.placeOrder = (request) => {
  markOnce('venuePlaceOrder');
  return venuePlaceOrder(request);
};
const clientPlaceOrder = venue.client.placeOrder.bind(venue.client);
venue.client.placeOrder = (request, call) => {
  markOnce('clientPlaceOrder');
  return clientPlaceOrder(request, call);
};
const strategy = defineStrategy({
  name: 'reaction-steps',
  onTrade(_trade, ctx) {
    if (!reacting) return;
    markOnce('onTrade');
    ctx.orders.limit({ productId: PRODUCT_ID, ...REACTION_ORDER });
    markOnce('limitReturned');
  },
});
const runtime = createRuntime({ venue, strategy, productIds: [PRODUCT_ID], reconcileIntervalMs: 0 });
await runtime.start();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const measured: Partial<Record<Mark, number>>[] = [];
const rounds = Number(process.env.REACTION_STEPS_ROUNDS ?? 60);
for (let index = 0; index < rounds; index += 1) {
  await pause(70);
  marks = {};
  reacting = true;
  const reaction = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  trade(PRODUCT_ID);
  await Promise.race([reaction, pause(2_000)]);
  reacting = false;
  if (index >= 20 && marks.received !== undefined) measured.push(marks);
  exchange.cancelAll(exchange.caller(key.profileId), PRODUCT_ID);
}

const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
const steps: [string, Mark][] = [
  ["the trade's frame at the client socket", 'frame'],
  ["the feed's match event", 'feedMatch'],
  ["the venue's trade event", 'venueTrade'],
  ["the strategy's onTrade", 'onTrade'],
  ['venue.placeOrder called', 'venuePlaceOrder'],
  ['client.placeOrder called', 'clientPlaceOrder'],
  ['HMAC signing starts', 'signing'],
  ['HMAC signed', 'signed'],
  ['first request header set', 'firstHeader'],
  ['POST /orders written to the socket', 'written'],
  ['ctx.orders.limit returned', 'limitReturned'],
  ["the exchange's received", 'received'],
];
console.log(`p50 after the trade's publication, ${measured.length} reactions`);
for (const [label, mark] of steps) {
  const values = measured.flatMap((row) =>
    row[mark] === undefined ? [] : [((row[mark] as number) - (row.published as number)) * 1000],
  );
  console.log(`  ${label.padEnd(40)} ${median(values).toFixed(0).padStart(6)} µs`);
}
// The runtime's market-data path alone, each step as the median of its own per-reaction differences.
const spans: [Mark, Mark][] = [
  ['frame', 'feedMatch'],
  ['feedMatch', 'venueTrade'],
  ['venueTrade', 'onTrade'],
  ['frame', 'onTrade'],
];
for (const [from, to] of spans) {
  const values = measured.flatMap((row) =>
    row[from] === undefined || row[to] === undefined
      ? []
      : [((row[to] as number) - (row[from] as number)) * 1000],
  );
  console.log(`  ${`${from} → ${to}`.padEnd(40)} ${median(values).toFixed(0).padStart(6)} µs`);
}
const writtenWithinLimit = measured.filter(
  (row) => row.written !== undefined && row.written <= (row.limitReturned as number),
).length;
console.log(`  written before limit returned: ${writtenWithinLimit} of ${measured.length}`);
await runtime.stop();
await simulator.stop();
