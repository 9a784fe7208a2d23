import type { AddressInfo } from 'node:net';
import { ManualClock } from '@tradeloop/clock';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { CoinbaseFeed, type CoinbaseFeedOptions, type ReconnectingEvent } from '../src/index.js';
import { until } from './support/simulator-feed.js';

// A server that confirms every subscribe and then drops the connection at once: the simulator
// never does that, so a bare WebSocket server on loopback plays it. The feed's timers run on a
// ManualClock, which the test moves from one reconnect to the next; the sockets are real.

let server: WebSocketServer | undefined;
let feed: CoinbaseFeed | undefined;

afterEach(async () => {
  await feed?.close();
  feed = undefined;
  if (server) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  }
});

/** Starts the confirm-then-drop server; returns its URL and the clock time of every connection. */
async function confirmThenDrop(clock: ManualClock): Promise<{ url: string; connectedAt: number[] }> {
  const connectedAt: number[] = [];
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket) => {
    connectedAt.push(clock.now());
    socket.on('message', () => {
      socket.send(JSON.stringify({ type: 'subscriptions', channels: [] }), () => socket.terminate());
    });
  });
  await new Promise((resolve) => server?.once('listening', resolve));
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, connectedAt };
}

/**
 * Runs the feed against the server for `spanMs` of clock time (or `maxConnections` connections):
 * waits (really) for each reconnect to be scheduled, then moves the clock by its delay.
 */
async function storm(
  options: Omit<CoinbaseFeedOptions, 'url' | 'clock'>,
  spanMs: number,
  maxConnections = 80,
): Promise<{ connectedAt: number[]; startedAt: number; reconnecting: ReconnectingEvent[] }> {
  const clock = new ManualClock(Date.now());
  const startedAt = clock.now();
  const { url, connectedAt } = await confirmThenDrop(clock);
  const running = new CoinbaseFeed({ url, clock, ...options });
  feed = running;
  running.on('error', () => undefined);
  const reconnecting: ReconnectingEvent[] = [];
  running.on('reconnecting', (event) => reconnecting.push(event));
  await running.connect();
  running.subscribe(['heartbeat'], ['BTC-USD']).catch(() => undefined);
  for (
    let handled = 0;
    clock.now() - startedAt < spanMs && connectedAt.length < maxConnections;
    handled += 1
  ) {
    await until(() => reconnecting.length > handled, 'the next reconnect to be scheduled');
    const connections = connectedAt.length;
    clock.advanceBy((reconnecting[handled] as ReconnectingEvent).delayMs);
    await until(() => connectedAt.length > connections, 'the next connection');
  }
  return { connectedAt, startedAt, reconnecting };
}

describe('CoinbaseFeed against a server that confirms subscriptions, then drops', () => {
  it('keeps backing off: a confirmed subscribe alone does not reset the backoff', async () => {
    const { connectedAt, startedAt, reconnecting } = await storm({}, 8_000);
    const inEightSeconds = connectedAt.filter((at) => at - startedAt < 8_000).length;
    // Default backoff 250 ms doubling: 0, .25, .75, 1.75, 3.75, 7.75 s at most (jitter only shortens).
    expect(inEightSeconds).toBeLessThanOrEqual(7);
    // The delays grow from one reconnect to the next instead of starting over.
    const attempts = reconnecting.map((event) => event.attempt);
    expect(attempts.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
  }, 30_000);

  it('caps connection attempts per minute, whatever the backoff says', async () => {
    const { connectedAt, startedAt } = await storm(
      { reconnect: { initialDelayMs: 10, maxDelayMs: 10, jitter: 0, maxConnectionsPerMinute: 6 } },
      61_000,
      40,
    );
    const inFirstMinute = connectedAt.filter((at) => at - startedAt < 60_000).length;
    expect(inFirstMinute).toBe(6);
    // And it does come back after the minute: the cap delays, it does not give up.
    expect(connectedAt.length).toBeGreaterThan(6);
    for (let index = 6; index < connectedAt.length; index += 1) {
      expect((connectedAt[index] as number) - (connectedAt[index - 6] as number)).toBeGreaterThanOrEqual(
        60_000,
      );
    }
  }, 30_000);

  it('starts the backoff over once a connection stayed healthy for healthyAfterMs', async () => {
    const clock = new ManualClock(Date.now());
    let dropAfterConfirm = true;
    let confirmations = 0;
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server.on('connection', (socket) => {
      socket.on('message', () => {
        socket.send(JSON.stringify({ type: 'subscriptions', channels: [] }), () => {
          confirmations += 1;
          if (dropAfterConfirm) socket.terminate();
        });
      });
    });
    await new Promise((resolve) => server?.once('listening', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const running = new CoinbaseFeed({ url, clock, reconnect: { jitter: 0, healthyAfterMs: 5_000 } });
    feed = running;
    const reconnecting: ReconnectingEvent[] = [];
    running.on('reconnecting', (event) => reconnecting.push(event));
    await running.connect();
    running.subscribe(['heartbeat'], ['BTC-USD']).catch(() => undefined);
    await until(() => reconnecting.length === 1, 'the first reconnect');
    dropAfterConfirm = false;
    clock.advanceBy(reconnecting[0]?.delayMs as number);
    await until(() => confirmations === 2 && running.state === 'open', 'the resubscription');
    // Up and confirmed, but not for long enough yet: a loss now keeps counting.
    clock.advanceBy(4_999);
    expect(reconnecting).toHaveLength(1);
    clock.advanceBy(1);
    for (const client of server.clients) client.terminate();
    await until(() => reconnecting.length === 2, 'the second reconnect');
    expect(reconnecting.map((event) => event.attempt)).toEqual([1, 1]);
    expect(reconnecting[1]?.delayMs).toBe(250);
  });
});
