import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoinbaseFeed, SequenceGap, StaleEvent } from '../src/index.js';
import { RandomMarket } from './support/random-market.js';
import { feedFor, normalise, until } from './support/simulator-feed.js';

// The feed against the simulator over real loopback WebSockets, with the simulator's faults on,
// while its synthetic market runs at speed 60 and a seeded crowd of traders (self-trades
// included) keeps the BTC-USD book busy. At a quiet moment (market and traders stopped, faults
// off) the client's books must equal the simulator's, and every sequence the simulator skipped
// must have been reported.

const PRODUCT = 'BTC-USD';
let simulator: RunningSimulator | undefined;
let feed: CoinbaseFeed | undefined;
let market: RandomMarket | undefined;

afterEach(async () => {
  market?.stop();
  await feed?.close();
  await simulator?.stop();
  market = undefined;
  feed = undefined;
  simulator = undefined;
});

/**
 * Lets the traders act `actions` times, a few per millisecond, then keeps them going in rounds of
 * 500 until `enough()` holds (for faults that come with wall time, like connection drops).
 */
async function busyRun(actions: number, enough: () => boolean = () => true): Promise<void> {
  market = new RandomMarket(simulator as RunningSimulator, PRODUCT, 11);
  await market.run(actions, 10);
  const started = performance.now();
  while (!enough() && performance.now() - started < 15_000) await market.run(500, 10);
}

/** Waits until the feed has caught up with the quiet exchange and both books are trusted. */
async function quietAndSynced(running: RunningSimulator, client: CoinbaseFeed): Promise<void> {
  running.exchange.stop(); // the synthetic market
  running.setFaults('none');
  await until(
    () =>
      client.state === 'open' &&
      client.level3Book(PRODUCT)?.trusted === true &&
      client.level3Book(PRODUCT)?.sequence === running.exchange.sequence(PRODUCT) &&
      client.level2Book(PRODUCT)?.trusted === true,
    'the books to catch up with the quiet simulator',
    10_000,
  );
  // Whatever the server sent before its next heartbeat has been handled once that heartbeat is.
  await new Promise((resolve) => client.once('heartbeat', resolve));
}

function expectBooksEqualSimulator(running: RunningSimulator, client: CoinbaseFeed): void {
  const level3 = running.exchange.book(PRODUCT, 3);
  const level2 = running.exchange.book(PRODUCT, 2);
  if (!level3.ok || !level2.ok) throw new Error('the simulator has no BTC-USD book');
  const orders = client.level3Book(PRODUCT)?.orders();
  const asEntries = (list: Array<{ price: string; size: string; orderId: string }> | undefined) =>
    (list ?? []).map((order) => [normalise(order.price), normalise(order.size), order.orderId]);
  const wireEntries = (list: Array<[string, string, number | string]>) =>
    list.map(([price, size, orderId]) => [normalise(price), normalise(size), orderId]);
  expect(asEntries(orders?.bids)).toEqual(wireEntries(level3.value.bids));
  expect(asEntries(orders?.asks)).toEqual(wireEntries(level3.value.asks));
  expect(client.level3Book(PRODUCT)?.sequence).toBe(level3.value.sequence);

  const depth = client.level2Book(PRODUCT)?.depth(Number.MAX_SAFE_INTEGER);
  const levels = (list: Array<{ price: string; size: string }> | undefined) =>
    (list ?? []).map((level) => [normalise(level.price), normalise(level.size)]);
  const wireLevels = (list: Array<[string, string, number | string]>) =>
    list.map(([price, size]) => [normalise(price), normalise(size)]);
  expect(levels(depth?.bids)).toEqual(wireLevels(level2.value.bids));
  expect(levels(depth?.asks)).toEqual(wireLevels(level2.value.asks));
  // The level-3 book aggregated must say the same as the level-2 book.
  const aggregated = client.level3Book(PRODUCT)?.depth(Number.MAX_SAFE_INTEGER);
  expect(levels(aggregated?.bids)).toEqual(wireLevels(level2.value.bids));
  expect(levels(aggregated?.asks)).toEqual(wireLevels(level2.value.asks));
  // The run really built a book (the synthetic market's ladder is withdrawn when it stops).
  expect(level2.value.bids.length + level2.value.asks.length).toBeGreaterThan(10);
}

describe('books under faults (simulator, loopback WebSocket)', () => {
  it('reports every skipped sequence, exactly, and heals the level-3 book', async () => {
    simulator = await startSimulator({
      seed: 3,
      faults: { skipSequenceProbability: 0.006, seed: 5 },
      rateLimits: false,
      market: { enabled: true, speed: 60 },
    });
    feed = feedFor(simulator);
    const gaps: SequenceGap[] = [];
    feed.on('gap-detected', (gap) => gaps.push(gap));
    let messages = 0;
    feed.on('message', () => {
      messages += 1;
    });
    await feed.connect();
    // Only `full` is sequenced on this connection, so the simulator's skip count is all ours.
    await feed.subscribe(['full', 'level2'], [PRODUCT]);
    await busyRun(2_000);
    // A loss right before the quiet moment shows on the next heartbeat, which this waits for.
    await quietAndSynced(simulator, feed);

    const skipped = simulator.faultStats().skippedSequences;
    expect(skipped).toBeGreaterThan(10);
    const reportedMissing = gaps
      .filter((gap) => gap.kind === 'gap')
      .reduce((sum, gap) => sum + gap.missing, 0);
    expect(reportedMissing).toBe(skipped);
    expect(gaps.some((gap) => gap.via === 'message')).toBe(true);
    for (const gap of gaps) expect(gap.productId).toBe(PRODUCT);
    expect(feed.level3SyncStats(PRODUCT)?.resyncs).toBeGreaterThan(0);
    expect(messages).toBeGreaterThan(3_000);
    expectBooksEqualSimulator(simulator, feed);
  }, 30_000);

  it('keeps both books equal to the simulator through dropped connections and skipped sequences', async () => {
    simulator = await startSimulator({
      seed: 4,
      faults: { dropConnectionsEverySeconds: 0.7, skipSequenceProbability: 0.005, seed: 9 },
      rateLimits: false,
      market: { enabled: true, speed: 60 },
    });
    feed = feedFor(simulator);
    const stale: StaleEvent[] = [];
    let reconnects = 0;
    let resubscribed = 0;
    feed.on('stale', (event) => stale.push(event));
    feed.on('reconnecting', () => {
      reconnects += 1;
    });
    feed.on('resubscribed', () => {
      resubscribed += 1;
    });
    await feed.connect();
    await feed.subscribe(['full', 'level2', 'ticker'], [PRODUCT]);
    await busyRun(2_000, () => (simulator?.faultStats().droppedConnections ?? 0) >= 3);
    await quietAndSynced(simulator, feed);

    expect(simulator.faultStats().droppedConnections).toBeGreaterThanOrEqual(3);
    expect(reconnects).toBeGreaterThanOrEqual(3);
    expect(resubscribed).toBeGreaterThanOrEqual(3);
    const reasons = new Set(
      stale.map((event) => (event.kind === 'book' ? `${event.book}:${event.reason}` : 'feed')),
    );
    expect(reasons).toContain('level2:reconnect');
    expect(reasons).toContain('level3:reconnect');
    expectBooksEqualSimulator(simulator, feed);
  }, 30_000);

  it('catches dropped l2updates that reach the top of the book (ticker check) and resyncs level 2', async () => {
    simulator = await startSimulator({
      seed: 6,
      faults: { dropL2UpdateProbability: 0.05, seed: 13 },
      rateLimits: false,
      market: { enabled: true, speed: 60 },
    });
    feed = feedFor(simulator);
    const stale: StaleEvent[] = [];
    const level2Events: string[] = [];
    feed.on('stale', (event) => {
      stale.push(event);
      if (event.kind === 'book' && event.book === 'level2') level2Events.push('stale');
    });
    feed.on('book-synced', (event) => {
      if (event.book === 'level2') level2Events.push('synced');
    });
    await feed.connect();
    await feed.subscribe(['full', 'level2', 'ticker'], [PRODUCT]);
    await busyRun(1_500);
    await quietAndSynced(simulator, feed);

    expect(simulator.faultStats().droppedL2Updates).toBeGreaterThan(20);
    const level2Problems = stale.filter(
      (event) => event.kind === 'book' && event.book === 'level2' && event.reason !== 'awaiting-snapshot',
    );
    // Level 2 carries no sequence numbers: a lost update shows only when it reaches the top of
    // the book. Those are caught, and each one is followed by a fresh snapshot.
    expect(level2Problems.length).toBeGreaterThan(0);
    for (const event of level2Problems)
      expect(['ticker-mismatch', 'crossed']).toContain((event as { reason: string }).reason);
    expect(level2Events.at(-1)).toBe('synced');
    expect(level2Events.filter((event) => event === 'synced').length).toBeGreaterThan(1);
    // Level 3 is sequenced; l2update drops do not touch it, and it stays exactly right.
    const level3 = simulator.exchange.book(PRODUCT, 3);
    if (!level3.ok) throw new Error('no book');
    expect(feed.level3Book(PRODUCT)?.orderCount).toBe(level3.value.bids.length + level3.value.asks.length);
    expect(feed.level3Book(PRODUCT)?.sequence).toBe(level3.value.sequence);
  }, 30_000);

  it('ends exact under chaos: drops, skips, slow and failing REST snapshots', async () => {
    simulator = await startSimulator({
      seed: 8,
      faults: {
        dropConnectionsEverySeconds: 1,
        skipSequenceProbability: 0.01,
        responseDelayMs: 150,
        serverErrorRate: 0.3,
        rateLimitErrorRate: 0.1,
        seed: 21,
      },
      rateLimits: false,
      market: { enabled: true, speed: 60 },
    });
    feed = feedFor(simulator);
    let reconnects = 0;
    feed.on('reconnecting', () => {
      reconnects += 1;
    });
    await feed.connect();
    await feed.subscribe(['full', 'level2', 'ticker'], [PRODUCT]);
    await busyRun(1_500, () => (simulator?.faultStats().droppedConnections ?? 0) >= 2);
    await quietAndSynced(simulator, feed);
    const stats = simulator.faultStats();
    expect(stats.serverErrors + stats.rateLimitErrors).toBeGreaterThan(0);
    expect(stats.delayedResponses).toBeGreaterThan(0);
    expect(reconnects).toBeGreaterThanOrEqual(2);
    expectBooksEqualSimulator(simulator, feed);
  }, 30_000);
});
