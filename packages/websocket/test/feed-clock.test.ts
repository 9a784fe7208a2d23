import { ManualClock } from '@tradeloop/clock';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CoinbaseFeed, DisconnectedEvent, ReconnectingEvent, StaleEvent } from '../src/index.js';
import { feedFor, until } from './support/simulator-feed.js';

// Every timer of the feed runs on the injected clock: against the simulator, which keeps sending
// heartbeats in real time, a ManualClock decides alone when the watchdog fires and when the
// reconnect happens.

let simulator: RunningSimulator;
let feed: CoinbaseFeed | undefined;

beforeAll(async () => {
  simulator = await startSimulator({ seed: 7, rateLimits: false, market: { enabled: false } });
});

afterEach(async () => {
  await feed?.close();
  feed = undefined;
});

afterAll(async () => {
  await simulator.stop();
});

describe('CoinbaseFeed on an injected clock', () => {
  it('runs the watchdog and the reconnect backoff on that clock, not on wall time', async () => {
    // Starts at wall time, so the subscription signatures stay inside the server's window.
    const clock = new ManualClock(Date.now());
    const running = feedFor(simulator, {
      clock,
      watchdogTimeoutMs: 1_000,
      reconnect: { initialDelayMs: 500, maxDelayMs: 500, jitter: 0 },
    });
    feed = running;
    const stale: StaleEvent[] = [];
    const disconnected: DisconnectedEvent[] = [];
    const reconnecting: ReconnectingEvent[] = [];
    const reconnected: boolean[] = [];
    running.on('stale', (event) => stale.push(event));
    running.on('disconnected', (event) => disconnected.push(event));
    running.on('reconnecting', (event) => reconnecting.push(event));
    running.on('connected', (event) => reconnected.push(event.reconnected));
    let heartbeats = 0;
    running.on('heartbeat', () => {
      heartbeats += 1;
    });
    await running.connect();
    await running.subscribe(['ticker'], ['BTC-USD']);
    await until(() => heartbeats >= 1, 'a heartbeat');

    // No time passes on the clock: the watchdog stays quiet however long the wall clock runs.
    clock.advanceBy(999);
    expect(stale).toEqual([]);
    // The clock says a second without a frame: the connection is replaced, though frames arrive.
    clock.advanceBy(1);
    expect(stale).toEqual([{ kind: 'feed', silentForMs: 1_000 }]);
    await until(() => disconnected.length === 1, 'the disconnect');
    expect(disconnected[0]?.reason).toBe('watchdog-timeout');
    expect(reconnecting).toEqual([{ attempt: 1, delayMs: 500 }]);

    // The backoff waits for the clock too.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(running.state).toBe('reconnecting');
    clock.advanceBy(500);
    await until(() => running.state === 'open', 'the reconnect');
    expect(reconnected).toEqual([false, true]);
  });
});
