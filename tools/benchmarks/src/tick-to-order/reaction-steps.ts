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
 * By default the runtime is composed as the example bot runs it: an on-disk journal (in a
 * temporary folder), the REST client's rate limiter on, the bot's placement lookup window and its
 * default risk limits (a larger position limit, so 60 reactions are not denied). Marks inside the
 * runtime: the order command reaching `submitOrder` (its product's rules read), the order created
 * (the first clock reading after that), the risk gates' check, and the journal's append.
 *
 * `pnpm --filter @tradeloop-internal/benchmarks reaction:steps` (a diagnosis, not a benchmark row);
 * `REACTION_STEPS_STANDBY=0` turns the REST client's `standbyPost` off, for comparison;
 * `REACTION_STEPS_BARE=1` runs without journal file, rate limiter and risk limits;
 * `REACTION_STEPS_PROFILE=<file.cpuprofile>` takes a CPU profile (10 µs sampling) of the measured
 * reactions and keeps only the samples from submitOrder to the socket write (read it with
 * `profile-summary.ts <file> 40`; the profiler slows the reaction down, so its marks are not the figures).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExchangeCredentials, ExchangeSigner } from '@tradeloop/auth';
import { systemClock } from '@tradeloop/clock';
import { createCoinbaseVenue } from '@tradeloop/coinbase';
import { type Clock, createRuntime, defineStrategy, FileJournal, RiskGates } from '@tradeloop/strategy-kit';
import WebSocket from 'ws';
import { PRODUCT_ID, REACTION_ORDER } from './protocol.js';
import { startTradingSimulator } from './trading-simulator.js';

type Mark =
  | 'published'
  | 'frame'
  | 'feedMatch'
  | 'venueTrade'
  | 'onTrade'
  | 'submit'
  | 'created'
  | 'gatesStart'
  | 'gatesDone'
  | 'journalStart'
  | 'journalDone'
  | 'venuePlaceOrder'
  | 'clientPlaceOrder'
  | 'signing'
  | 'signed'
  | 'firstHeader'
  | 'written'
  | 'limitReturned'
  | 'received';
let marks: Partial<Record<Mark, number>> & Record<string, number | undefined> = {};
let reacting = false;
const markOnce = (name: Mark) => {
  if (reacting && marks[name] === undefined) marks[name] = performance.now();
};
// A diagnosis aid: a temporary `(globalThis as any).__reactionStepMark?.('name')` in a package's
// source (rebuilt) adds a row `+ name` to the table, placed by its median time.
(globalThis as { __reactionStepMark?: (name: string) => void }).__reactionStepMark = (name) => {
  if (reacting && marks[`+ ${name}`] === undefined) marks[`+ ${name}`] = performance.now();
};
/** With a profile: per reaction, the monotonic µs (the profiler's clock) of submitOrder and of the write. */
const profileFile = process.env.REACTION_STEPS_PROFILE;
let profileWindow: { from?: number; to?: number } = {};
const profileWindows: { from?: number; to?: number }[] = [];
const monotonicMicroseconds = () => Number(process.hrtime.bigint() / 1000n);

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
  if (isOrderPost(args[0])) {
    markOnce('written');
    if (reacting) profileWindow.to ??= monotonicMicroseconds();
  }
  return (write as (...all: unknown[]) => boolean).apply(this, args);
} as typeof write;
const writev = socketPrototype._writev;
socketPrototype._writev = function (this: net.Socket, chunks, callback) {
  if (isOrderPost(chunks[0]?.chunk)) {
    markOnce('written');
    if (reacting) profileWindow.to ??= monotonicMicroseconds();
  }
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

const check = RiskGates.prototype.check;
RiskGates.prototype.check = function (this: RiskGates, request, view) {
  markOnce('gatesStart');
  const denial = check.call(this, request, view);
  markOnce('gatesDone');
  return denial;
};
const append = FileJournal.prototype.append;
FileJournal.prototype.append = function (this: FileJournal, record) {
  if (record.kind === 'order') markOnce('journalStart');
  append.call(this, record);
  if (record.kind === 'order') markOnce('journalDone');
};
// The order manager appends an order's record with appendThen: the send is its `next`, run once
// the record is written.
const appendThen = FileJournal.prototype.appendThen;
FileJournal.prototype.appendThen = function (this: FileJournal, record, next) {
  if (record.kind !== 'order') return appendThen.call(this, record, next);
  markOnce('journalStart');
  return appendThen.call(this, record, () => {
    markOnce('journalDone');
    next();
  });
};
// The runtime's clock: its first reading after submitOrder began is the order's creation.
const clock: Clock = {
  now: () => {
    if (marks.submit !== undefined) markOnce('created');
    return systemClock.now();
  },
  setTimer: (delayMs, callback) => systemClock.setTimer(delayMs, callback),
};
const bare = process.env.REACTION_STEPS_BARE === '1';
const journalFolder = bare ? undefined : mkdtempSync(join(tmpdir(), 'reaction-steps-'));

const { simulator, trade } = await startTradingSimulator([PRODUCT_ID]);
const exchange = simulator.exchange;
const key = simulator.createApiKey({ balances: { USD: '10000000', BTC: '1000' } });
let arrived: (() => void) | undefined;
// Heard before the simulator's feeds send anything about the event (as in the tick-to-order suite).
exchange.onEvent(
  (event) => {
    if (event.kind !== 'full') return;
    if (event.message.type === 'match') marks.published = performance.now();
    else if (event.message.type === 'received' && event.owner?.profileId === key.profileId && reacting) {
      markOnce('received');
      arrived?.();
    }
  },
  { first: true },
);

const venue = createCoinbaseVenue({
  credentials: createExchangeCredentials(key),
  restUrl: simulator.restUrl,
  feedUrl: simulator.wsUrl,
  rest: {
    rateLimit: !bare,
    standbyPost: process.env.REACTION_STEPS_STANDBY !== '0',
    // The example bot's default --placement-lookup-window (seconds).
    ...(bare ? {} : { orderPlacement: { absenceWindowMs: 12_000 } }),
  },
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
const runtime = createRuntime({
  venue,
  strategy,
  productIds: [PRODUCT_ID],
  reconcileIntervalMs: 0,
  clock,
  ...(journalFolder === undefined
    ? {}
    : {
        journalPath: join(journalFolder, 'bot.journal'),
        // The example bot's defaults, with room for 60 reactions' position.
        risk: { maxOrderNotional: '1000', maxPositionSize: '10', maxOpenOrders: 10, dailyLossLimit: '250' },
      }),
});
// submitOrder reads the product's rules first, which checks the runtime's products.
const includes: (this: readonly string[], ...args: [string, number?]) => boolean = Array.prototype.includes;
Object.defineProperty(runtime.productIds, 'includes', {
  value(this: readonly string[], ...args: [string, number?]) {
    if (marks.onTrade !== undefined) markOnce('submit');
    if (reacting && marks.onTrade !== undefined) profileWindow.from ??= monotonicMicroseconds();
    return includes.apply(this, args);
  },
});
await runtime.start();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const measured: (typeof marks)[] = [];
const profiler = profileFile === undefined ? undefined : new Session();
const post = (method: string, parameters?: object) =>
  new Promise<unknown>((resolve, reject) =>
    profiler?.post(method, parameters, (error, result) => (error ? reject(error) : resolve(result))),
  );
if (profiler !== undefined) {
  profiler.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 10 });
}
const rounds = Number(process.env.REACTION_STEPS_ROUNDS ?? 60);
for (let index = 0; index < rounds; index += 1) {
  await pause(70);
  if (profiler !== undefined && index === 20) await post('Profiler.start');
  marks = {};
  profileWindow = {};
  reacting = true;
  const reaction = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  trade(PRODUCT_ID);
  await Promise.race([reaction, pause(2_000)]);
  reacting = false;
  if (index >= 20 && marks.received !== undefined) {
    measured.push(marks);
    profileWindows.push(profileWindow);
  }
  exchange.cancelAll(exchange.caller(key.profileId), PRODUCT_ID);
}

if (profiler !== undefined && profileFile !== undefined) {
  const { profile } = (await post('Profiler.stop')) as {
    profile: { startTime: number; samples: number[]; timeDeltas: number[] };
  };
  // Samples outside the windows count for nothing (profile-summary skips deltas of 0).
  let at = profile.startTime;
  profile.timeDeltas = profile.timeDeltas.map((delta) => {
    at += delta;
    return profileWindows.some((window) => at >= (window.from ?? 0) && at <= (window.to ?? 0)) ? delta : 0;
  });
  writeFileSync(profileFile, JSON.stringify(profile));
  profiler.disconnect();
}

const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
const steps: [string, Mark][] = [
  ["the trade's frame at the client socket", 'frame'],
  ["the feed's match event", 'feedMatch'],
  ["the venue's trade event", 'venueTrade'],
  ["the strategy's onTrade", 'onTrade'],
  ['submitOrder: product rules read', 'submit'],
  ['order built and created', 'created'],
  ['risk gates start', 'gatesStart'],
  ['risk gates done', 'gatesDone'],
  ['journal append starts', 'journalStart'],
  ['journal record written', 'journalDone'],
  ['venue.placeOrder called', 'venuePlaceOrder'],
  ['client.placeOrder called', 'clientPlaceOrder'],
  ['HMAC signing starts', 'signing'],
  ['HMAC signed', 'signed'],
  ['first request header set', 'firstHeader'],
  ['POST /orders written to the socket', 'written'],
  ['ctx.orders.limit returned', 'limitReturned'],
  ["the exchange's received", 'received'],
];
const extraMarks = [
  ...new Set(measured.flatMap((row) => Object.keys(row).filter((key) => key.startsWith('+ ')))),
];
for (const extra of extraMarks) {
  const at = median(
    measured.flatMap((row) =>
      row[extra] === undefined ? [] : [(row[extra] as number) - (row.published as number)],
    ),
  );
  const index = steps.findIndex(
    ([, mark]) => median(measured.map((row) => (row[mark] as number) - (row.published as number))) > at,
  );
  steps.splice(index < 0 ? steps.length : index, 0, [extra, extra as Mark]);
}
console.log(`p50 after the trade's publication, and p50 of each step, ${measured.length} reactions`);
let previous: Mark = 'published';
for (const [label, mark] of steps) {
  const since = (from: Mark) =>
    median(
      measured.flatMap((row) =>
        row[mark] === undefined || row[from] === undefined
          ? []
          : [((row[mark] as number) - (row[from] as number)) * 1000],
      ),
    );
  console.log(
    `  ${label.padEnd(36)} ${since('published').toFixed(0).padStart(6)} µs  ${since(previous).toFixed(0).padStart(5)} µs`,
  );
  previous = mark;
}
const total = (from: Mark, to: Mark) =>
  median(measured.map((row) => ((row[to] as number) - (row[from] as number)) * 1000)).toFixed(0);
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
console.log(`  from submitOrder to the socket write: ${total('submit', 'written')} µs`);
const writtenWithinLimit = measured.filter(
  (row) => row.written !== undefined && row.written <= (row.limitReturned as number),
).length;
console.log(`  written before limit returned: ${writtenWithinLimit} of ${measured.length}`);
await runtime.stop();
await simulator.stop();
if (journalFolder !== undefined) rmSync(journalFolder, { recursive: true, force: true });
