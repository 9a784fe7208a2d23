import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket as ServerSocket, WebSocketServer } from 'ws';
import {
  CoinbaseFeed,
  type DisconnectedEvent,
  MalformedFrameError,
  type ReconnectingEvent,
  type StaleEvent,
  SubscribeTimeoutError,
  type UnknownMessageTypeError,
  type WebSocketError,
} from '../src/index.js';
import { until } from './support/simulator-feed.js';

// Faults the simulator cannot produce (it never sends garbage, never falls silent, always answers
// a subscribe), so a bare WebSocket server on loopback plays the misbehaving exchange here.

let servers: WebSocketServer[] = [];
let feeds: CoinbaseFeed[] = [];

afterEach(async () => {
  await Promise.all(feeds.map((feed) => feed.close()));
  for (const server of servers) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
  servers = [];
  feeds = [];
});

/** A server on a free port that hands each connection to `onConnection`. */
async function serve(
  onConnection: (socket: ServerSocket) => void,
  options: { autoPong?: boolean } = {},
): Promise<string> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', ...options });
  servers.push(server);
  server.on('connection', onConnection);
  await new Promise((resolve) => server.once('listening', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Answers every subscribe with a `subscriptions` reply, then runs `after`. */
function answering(after: (socket: ServerSocket) => void = () => undefined) {
  return (socket: ServerSocket) => {
    socket.on('message', () => {
      socket.send(JSON.stringify({ type: 'subscriptions', channels: [] }));
      after(socket);
    });
  };
}

function track(feed: CoinbaseFeed): CoinbaseFeed {
  feeds.push(feed);
  return feed;
}

describe('CoinbaseFeed against a misbehaving server', () => {
  it('turns malformed frames, unknown types and binary frames into error events and keeps going', async () => {
    const url = await serve(
      answering((socket) => {
        socket.send('{"type":"heartbeat", oops');
        socket.send('[1,2,3]');
        socket.send(JSON.stringify({ type: 'from_the_future', product_id: 'BTC-USD' }));
        socket.send(JSON.stringify({ type: 'match', product_id: 'BTC-USD' }));
        socket.send(Buffer.from([1, 2, 3]), { binary: true });
        socket.send(
          JSON.stringify({
            type: 'heartbeat',
            product_id: 'BTC-USD',
            sequence: 1,
            last_trade_id: 0,
            time: 't',
          }),
        );
      }),
    );
    const feed = track(new CoinbaseFeed({ url }));
    const errors: WebSocketError[] = [];
    feed.on('error', (error) => errors.push(error));
    const heartbeats: number[] = [];
    feed.on('heartbeat', (message) => heartbeats.push(message.sequence));
    await feed.connect();
    await feed.subscribe(['heartbeat'], ['BTC-USD']);
    await until(() => heartbeats.length === 1, 'the valid heartbeat after the garbage');
    expect(errors.map((error) => error.constructor.name)).toEqual([
      'MalformedFrameError',
      'MalformedFrameError',
      'UnknownMessageTypeError',
      'MalformedFrameError',
      'MalformedFrameError',
    ]);
    expect(MalformedFrameError.isInstance(errors[0])).toBe(true);
    expect((errors[2] as UnknownMessageTypeError).messageType).toBe('from_the_future');
    expect(errors[3]?.message).toMatch(/"match" to carry a number "sequence"/);
    expect(feed.state).toBe('open');
  });

  it('drops a silent connection (no messages, no pongs) and reconnects, saying why', async () => {
    let connections = 0;
    const url = await serve(
      (socket) => {
        connections += 1;
        socket.on('message', () => socket.send(JSON.stringify({ type: 'subscriptions', channels: [] })));
      },
      { autoPong: false },
    );
    const feed = track(
      new CoinbaseFeed({
        url,
        watchdogTimeoutMs: 150,
        reconnect: { initialDelayMs: 10, maxDelayMs: 50, jitter: 0 },
      }),
    );
    const stale: StaleEvent[] = [];
    const disconnected: DisconnectedEvent[] = [];
    const reconnecting: ReconnectingEvent[] = [];
    feed.on('stale', (event) => stale.push(event));
    feed.on('disconnected', (event) => disconnected.push(event));
    feed.on('reconnecting', (event) => reconnecting.push(event));
    await feed.connect();
    await feed.subscribe(['heartbeat'], ['BTC-USD']);
    await until(() => connections >= 2 && feed.state === 'open', 'a second connection');
    expect(stale[0]).toMatchObject({ kind: 'feed' });
    expect((stale[0] as { silentForMs: number }).silentForMs).toBeGreaterThanOrEqual(150);
    expect(disconnected[0]).toMatchObject({ reason: 'watchdog-timeout', willReconnect: true });
    expect(reconnecting[0]).toEqual({ attempt: 1, delayMs: 10 });
  });

  it('stays connected to a quiet server that answers pings', async () => {
    const url = await serve(answering());
    const feed = track(new CoinbaseFeed({ url, watchdogTimeoutMs: 150, pingIntervalMs: 30 }));
    const disconnected: DisconnectedEvent[] = [];
    feed.on('disconnected', (event) => disconnected.push(event));
    await feed.connect();
    await feed.subscribe(['heartbeat'], ['BTC-USD']);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(disconnected).toEqual([]);
  });

  it('times out an unanswered subscribe, reports it, and retries it on a new connection', async () => {
    let connections = 0;
    const url = await serve((socket) => {
      connections += 1;
      // The first connection swallows the subscribe; later ones answer.
      if (connections > 1) answering()(socket);
    });
    const feed = track(
      new CoinbaseFeed({
        url,
        subscribeTimeoutMs: 100,
        reconnect: { initialDelayMs: 10, maxDelayMs: 20, jitter: 0 },
      }),
    );
    const errors: WebSocketError[] = [];
    feed.on('error', (error) => errors.push(error));
    const disconnected: DisconnectedEvent[] = [];
    feed.on('disconnected', (event) => disconnected.push(event));
    await feed.connect();
    await feed.subscribe(['ticker'], ['BTC-USD']); // resolves once the second connection confirms
    expect(connections).toBe(2);
    expect(errors[0]).toBeInstanceOf(SubscribeTimeoutError);
    expect(disconnected[0]?.reason).toBe('subscribe-timeout');
  });

  it('backs off exponentially while the server is down, then connects', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve)); // nobody listens on `port` now
    const feed = track(
      new CoinbaseFeed({
        url: `ws://127.0.0.1:${port}`,
        reconnect: { initialDelayMs: 5, maxDelayMs: 40, jitter: 0 },
      }),
    );
    const delays: number[] = [];
    feed.on('reconnecting', (event) => delays.push(event.delayMs));
    const errors: WebSocketError[] = [];
    feed.on('error', (error) => errors.push(error));
    const connected = feed.connect();
    await until(() => delays.length >= 5, 'five retries');
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 40]);
    expect(errors[0]?.code).toBe('connection_failed');
    const revived = new WebSocketServer({ port, host: '127.0.0.1' });
    servers.push(revived);
    await connected;
    expect(feed.state).toBe('open');
  });

  it('reports server errors that answer no request (e.g. ErrSlowConsume) without failing a request', async () => {
    const url = await serve(
      answering((socket) =>
        socket.send(JSON.stringify({ type: 'error', message: 'ErrSlowConsume', reason: 'slow' })),
      ),
    );
    const feed = track(new CoinbaseFeed({ url }));
    const errors: WebSocketError[] = [];
    feed.on('error', (error) => errors.push(error));
    await feed.connect();
    await feed.subscribe(['ticker'], ['BTC-USD']);
    await until(() => errors.length === 1, 'the error event');
    expect(errors[0]).toMatchObject({
      code: 'server_error',
      serverMessage: 'ErrSlowConsume',
      reason: 'slow',
    });
  });
});
