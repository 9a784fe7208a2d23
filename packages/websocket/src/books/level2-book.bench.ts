/**
 * Level-2 book throughput and memory.
 *
 * 1. Messages per second through `parseFeedMessage` + `Level2Book.applyUpdate` for a generated
 *    BTC-USD l2update stream (changes near the top of a 5,000-level book, 2-decimal prices,
 *    8-decimal sizes, adds, updates and deletes), against `JSON.parse` alone over the same frames,
 *    in alternating rounds. Target: ratio ≥ 0.5 (the book adds no more than parsing costs).
 * 2. Heap used by a book with 10,000 levels per side, and by a level-3 book with 100,000 orders.
 * 3. Heap per message held by the level-3 sync buffer while a snapshot is fetched (its bound).
 *
 * Run: `pnpm --filter @tradeloop/websocket bench` (BENCH_SMOKE=1 for a short run).
 */
import {
  compare,
  measureAlternating,
  printComparison,
  scaled,
  smoke,
} from '@tradeloop-internal/bench-harness';
import { parseFeedMessage } from '../dispatch/parse-message.js';
import type { FullChannelMessage, Level2Change, Level2Entry, Level2UpdateMessage } from '../messages.js';
import { BoundedQueue } from './bounded-queue.js';
import { Level2Book } from './level2-book.js';
import { Level3Book } from './level3-book.js';

/** xorshift32, so every run benchmarks the same stream. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

const random = randomSource(42);
const cents = (value: number) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
const size = () => (Math.floor(random() * 500_000_000) / 1e8 + 0.00000001).toFixed(8);

/** A snapshot of `levels` levels per side around 64,250.00, one cent apart. */
function snapshotOf(levels: number): { bids: Level2Entry[]; asks: Level2Entry[] } {
  const bids: Level2Entry[] = [];
  const asks: Level2Entry[] = [];
  for (let level = 0; level < levels; level += 1) {
    bids.push([cents(6_424_999 - level), size()]);
    asks.push([cents(6_425_001 + level), size()]);
  }
  return { bids, asks };
}

/** l2update frames changing levels within 30 cents of the touch; bids stay below asks. */
function streamOf(count: number): string[] {
  const frames: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const changes: Level2Change[] = [];
    const changeCount = random() < 0.8 ? 1 : 2;
    for (let change = 0; change < changeCount; change += 1) {
      const side = random() < 0.5 ? 'buy' : 'sell';
      const distance = Math.floor(random() * 30);
      const price = side === 'buy' ? 6_424_999 - distance : 6_425_001 + distance;
      changes.push([side, cents(price), random() < 0.25 ? '0.00000000' : size()]);
    }
    const message: Level2UpdateMessage = {
      type: 'l2update',
      product_id: 'BTC-USD',
      changes,
      time: '2026-01-02T03:04:05.678901Z',
    };
    frames.push(JSON.stringify(message));
  }
  return frames;
}

const snapshot = snapshotOf(5_000);
const frames = streamOf(scaled(200_000));
const book = new Level2Book('BTC-USD');
let sink = 0;

const comparison = await compare(
  {
    name: 'parseFeedMessage + Level2Book.applyUpdate',
    run: (iterations) => {
      // Restart from the same book every round (10,000 levels; under 1 % of a round's time).
      book.applySnapshot(snapshot);
      for (let index = 0; index < iterations; index += 1) {
        const message = parseFeedMessage(frames[index % frames.length] as string);
        if (message.type === 'l2update') book.applyUpdate(message);
      }
      sink += book.bidLevels;
    },
  },
  {
    name: 'JSON.parse alone (same frames)',
    run: (iterations) => {
      for (let index = 0; index < iterations; index += 1) {
        sink += (JSON.parse(frames[index % frames.length] as string) as { changes: unknown[] }).changes
          .length;
      }
    },
  },
  { iterations: frames.length },
);
printComparison('l2update: parse + book apply vs JSON.parse alone', comparison);
const applyNs = comparison.candidate.nanosecondsPerOp - comparison.baseline.nanosecondsPerOp;
console.log(
  `  book apply ≈ ${applyNs.toFixed(0)} ns/message vs parse ${comparison.baseline.nanosecondsPerOp.toFixed(0)} ns (target: apply ≤ parse, i.e. ratio ≥ 0.50)`,
);

// Book apply alone, on messages parsed beforehand.
const parsed = frames.map((frame) => JSON.parse(frame) as Level2UpdateMessage);
const [applyOnly] = await measureAlternating(
  [
    {
      name: 'Level2Book.applyUpdate alone',
      run: (iterations) => {
        book.applySnapshot(snapshot);
        for (let index = 0; index < iterations; index += 1)
          book.applyUpdate(parsed[index % parsed.length] as Level2UpdateMessage);
        sink += book.askLevels;
      },
    },
  ],
  { iterations: parsed.length },
);
if (applyOnly) {
  console.log(
    `  ${applyOnly.name}: ${Math.round(applyOnly.opsPerSecond).toLocaleString('en-US')}/s (${applyOnly.nanosecondsPerOp.toFixed(0)} ns/message)`,
  );
}

// ---------------------------------------------------------------------------------- memory

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfter(build: () => unknown): { bytes: number; kept: unknown } {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = build();
  gc?.();
  return { bytes: process.memoryUsage().heapUsed - before, kept };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
if (!gc) console.log('\n(memory figures are rough: run with node --expose-gc for exact ones)');

const levels = smoke ? 1_000 : 10_000;
const bigBook = heapAfter(() => {
  const level2 = new Level2Book('BTC-USD');
  level2.applySnapshot(snapshotOf(levels));
  return level2;
});
console.log(
  `\nmemory: Level2Book with ${levels.toLocaleString('en-US')} levels per side: ${mib(bigBook.bytes)} (${(bigBook.bytes / (2 * levels)).toFixed(0)} B/level, wire strings included)`,
);

const orders = smoke ? 10_000 : 100_000;
const level3 = heapAfter(() => {
  const book3 = new Level3Book('BTC-USD');
  const bids: Array<[string, string, string]> = [];
  const asks: Array<[string, string, string]> = [];
  for (let index = 0; index < orders / 2; index += 1) {
    const distance = index % 5_000;
    bids.push([
      cents(6_424_999 - distance),
      size(),
      `b${index.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
    ]);
    asks.push([
      cents(6_425_001 + distance),
      size(),
      `a${index.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
    ]);
  }
  book3.loadSnapshot({ sequence: 1, bids, asks });
  return book3;
});
console.log(
  `memory: Level3Book with ${orders.toLocaleString('en-US')} orders on 10,000 levels: ${mib(level3.bytes)} (${(level3.bytes / orders).toFixed(0)} B/order)`,
);

const buffered = smoke ? 5_000 : 50_000;
const buffer = heapAfter(() => {
  const queue = new BoundedQueue<FullChannelMessage>(buffered);
  for (let sequence = 0; sequence < buffered * 2; sequence += 1) {
    queue.push(
      parseFeedMessage(
        `{"type":"open","side":"buy","product_id":"BTC-USD","time":"2026-01-02T03:04:05.678901Z","sequence":${sequence},"price":"64250.01","order_id":"d50ec984-77a8-460a-b958-66f114b0de9b","remaining_size":"0.00150000"}`,
      ) as FullChannelMessage,
    );
  }
  return queue;
});
console.log(
  `memory: level-3 sync buffer at its bound (${buffered.toLocaleString('en-US')} messages, the default): ${mib(buffer.bytes)} (${(buffer.bytes / buffered).toFixed(0)} B/message); pushing twice that many kept it at the bound`,
);
if (sink === 0 || !bigBook.kept || !level3.kept || !buffer.kept) console.log('unreachable');
