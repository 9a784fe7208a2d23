import { connect as connectTcp } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { AdvancedTradeTestClient } from './support/advanced-trade.js';
import { TestFeedClient } from './support/feed.js';
import { TestRestClient } from './support/rest.js';
import { authHeaders } from './support/signing.js';

// Bad input of every kind against one running simulator, which must answer with Coinbase-style
// JSON (or close cleanly), never crash or hang, and keep its books and balances intact.
let simulator: RunningSimulator;
let client: TestRestClient;
const logged: string[] = [];

beforeAll(async () => {
  simulator = await startSimulator({
    rateLimits: false,
    market: { enabled: false },
    log: (line) => logged.push(line),
  });
  client = new TestRestClient(simulator.restUrl, simulator.credentials);
});

afterAll(async () => {
  client.close();
  await simulator.stop();
});

function rawHttp(payload: string | Buffer): Promise<string> {
  const url = new URL(simulator.restUrl);
  return new Promise((resolve, reject) => {
    const socket = connectTcp(Number(url.port), url.hostname, () => socket.end(payload));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Balances + collected fees equal deposits in every currency; no negative hold or available; books not crossed. */
function expectExchangeIntact() {
  const book = simulator.exchange.accountBook;
  for (const currency of ['USD', 'BTC', 'ETH']) expect(book.total(currency)).toBe(book.deposits(currency));
  for (const account of book.all()) {
    expect(account.hold >= 0n).toBe(true);
    expect(account.available >= 0n).toBe(true);
  }
  for (const productId of ['BTC-USD', 'ETH-USD', 'ETH-BTC']) {
    const level1 = simulator.exchange.book(productId, 1);
    if (!level1.ok) throw new Error(level1.error.message);
    const [bid] = level1.value.bids;
    const [ask] = level1.value.asks;
    if (bid && ask) expect(Number(bid[0])).toBeLessThan(Number(ask[0]));
  }
}

async function expectStillServing() {
  expect((await client.get('/time')).status).toBe(200);
  const placed = await client.post('/orders', {
    product_id: 'BTC-USD',
    side: 'buy',
    price: '1000.00',
    size: '0.01',
  });
  expect(placed.status).toBe(200);
  expect((await client.delete(`/orders/${(placed.body as { id: string }).id}`)).status).toBe(200);
}

describe('bad REST input', () => {
  it('malformed JSON, wrong types and missing fields: 400 with a message', async () => {
    const bodies = [
      '{"product_id": "BTC-USD", side: buy}',
      '',
      'null',
      '"a string"',
      '{"product_id": {"nested": true}, "side": "buy", "price": "1.00", "size": "1"}',
      '{"product_id": "BTC-USD", "side": 1, "price": "1.00", "size": "1"}',
      '{"product_id": "BTC-USD", "side": "buy", "price": [1], "size": "1"}',
      '{"product_id": "BTC-USD", "side": "buy", "price": "abc", "size": "1"}',
      '{"product_id": "BTC-USD", "side": "buy"}',
      '{"side": "buy", "price": "1.00", "size": "1"}',
    ];
    for (const body of bodies) {
      const response = await client.post('/orders', body);
      expect(response.status, body).toBe(400);
      expect(typeof (response.body as { message?: unknown }).message, body).toBe('string');
    }
  });

  it('a body that is not declared JSON gets 415 and is not executed', async () => {
    const body = JSON.stringify({ product_id: 'BTC-USD', side: 'buy', price: '1000.00', size: '0.01' });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const headers = {
        ...authHeaders(simulator.credentials, 'POST', '/orders', body),
        ...(contentType === undefined ? {} : { 'Content-Type': contentType }),
      };
      const response = await client.raw('POST', '/orders', body, headers);
      expect(response.status, String(contentType)).toBe(415);
      expect((response.body as { message: string }).message).toContain('application/json');
    }
    const accepted = await client.raw('POST', '/orders', body, {
      ...authHeaders(simulator.credentials, 'POST', '/orders', body),
      'Content-Type': 'application/json; charset=utf-8',
    });
    expect(accepted.status).toBe(200);
    await client.delete(`/orders/${(accepted.body as { id: string }).id}`);
  });

  it('closes a socket that goes silent (half-open peer, stalled request) after the idle timeout', async () => {
    const strict = await startSimulator({
      rateLimits: false,
      market: { enabled: false },
      limits: { idleSocketTimeoutMs: 300 },
    });
    try {
      const url = new URL(strict.restUrl);
      for (const payload of ['', 'GET /time HTTP/1.1\r\nHost: x\r\n']) {
        const started = performance.now();
        await new Promise<void>((resolve, reject) => {
          const socket = connectTcp(Number(url.port), url.hostname, () => {
            if (payload !== '') socket.write(payload);
          });
          socket.on('error', () => {});
          socket.on('close', () => resolve());
          setTimeout(() => reject(new Error('the silent socket was not closed')), 10_000).unref();
        });
        expect(performance.now() - started).toBeGreaterThanOrEqual(250);
      }
    } finally {
      await strict.stop();
    }
  });

  it('holds at most maxConnections sockets at once; the rest are dropped on arrival', async () => {
    const capped = await startSimulator({
      rateLimits: false,
      market: { enabled: false },
      limits: { maxConnections: 4 },
    });
    const url = new URL(capped.restUrl);
    const sockets = Array.from({ length: 10 }, () => {
      const socket = connectTcp(Number(url.port), url.hostname);
      socket.on('error', () => {});
      return socket;
    });
    try {
      const closed = await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<boolean>((resolve) => {
              socket.once('close', () => resolve(true));
              setTimeout(() => resolve(false), 1500).unref();
            }),
        ),
      );
      expect(closed.filter((wasClosed) => !wasClosed)).toHaveLength(4);
    } finally {
      for (const socket of sockets) socket.destroy();
      await capped.stop();
    }
  });

  it('an oversized body gets 413 JSON', async () => {
    const body = JSON.stringify({ product_id: 'BTC-USD', padding: 'x'.repeat(100 * 1024) });
    const response = await client.post('/orders', body);
    expect(response.status).toBe(413);
    expect((response.body as { message: string }).message).toMatch(/too large/);
  });

  it('an oversized Advanced Trade body gets 413 in Advanced Trade’s error shape', async () => {
    const trader = new AdvancedTradeTestClient(simulator.restUrl, simulator.advancedTrade);
    const body = JSON.stringify({ product_id: 'BTC-USD', padding: 'x'.repeat(100 * 1024) });
    const response = await trader.post('/api/v3/brokerage/orders', body);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({
      error: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/too large/),
    });
  });

  it('oversized headers and garbage requests get a JSON error and a closed connection', async () => {
    const huge = await rawHttp(`GET /time HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1.1 431/);
    expect(huge).toContain('{"message":"Request header fields too large"}');
    const garbage = await rawHttp('HELLO THERE\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1.1 400/);
    expect(garbage).toContain('{"message":"Bad request"}');
    const binary = await rawHttp(Buffer.from([0xff, 0x00, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a]));
    expect(binary).toMatch(/^HTTP\/1.1 400/);
  });

  it('keeps serving while hundreds of connections sit on half-sent requests', async () => {
    const url = new URL(simulator.restUrl);
    const idle = await Promise.all(
      Array.from(
        { length: 300 },
        () =>
          new Promise<ReturnType<typeof connectTcp>>((resolve) => {
            const socket = connectTcp(Number(url.port), url.hostname, () => {
              socket.write('POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"product');
              resolve(socket);
            });
            socket.on('error', () => {});
          }),
      ),
    );
    try {
      await expectStillServing();
    } finally {
      for (const socket of idle) socket.destroy();
    }
  });

  it('survives a randomized barrage of bad requests with JSON answers and intact state', {
    timeout: 60_000,
  }, async () => {
    const methods = fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS');
    const paths = fc.oneof(
      fc.constantFrom(
        '/orders',
        '/orders/client:',
        '/orders/not-a-uuid',
        '/orders/%zz',
        '/accounts/x/ledger',
        '/fills',
        '/products/BTC-USD/candles',
        '/products/BTC-USD/book',
        '/products/%E0%A4%A/trades',
        '/time',
        '//',
        '/',
      ),
      fc.webPath(),
    );
    const queries = fc.oneof(
      fc.constant(''),
      fc.constantFrom(
        '?limit=-1',
        '?limit=abc',
        '?granularity=7&start=x&end=y',
        '?status=???',
        '?level=9',
        '?before=&after=',
        '?%%%',
      ),
      fc.webQueryParameters().map((query) => `?${query}`),
    );
    const bodies = fc.oneof(
      fc.constant(''),
      fc.json(),
      fc.string(),
      fc
        .record({
          product_id: fc.oneof(fc.constantFrom('BTC-USD', 'BTC/USD', ''), fc.string()),
          side: fc.oneof(fc.constantFrom('buy', 'sell'), fc.anything()),
          type: fc.oneof(fc.constantFrom('limit', 'market', 'stop'), fc.anything()),
          price: fc.oneof(fc.constantFrom('1000.00', '0', '-1', '1e5', '01000.00'), fc.anything()),
          size: fc.oneof(fc.constantFrom('0.01', '0', '99999999'), fc.anything()),
          funds: fc.option(fc.anything()),
          time_in_force: fc.option(fc.oneof(fc.constantFrom('GTC', 'GTT', 'IOC', 'FOK'), fc.anything())),
          client_oid: fc.option(fc.oneof(fc.uuid(), fc.string())),
        })
        .map((order) => JSON.stringify(order)),
    );
    const signing = fc.constantFrom('signed', 'unsigned', 'wrong-secret', 'junk-headers');
    await fc.assert(
      fc.asyncProperty(methods, paths, queries, bodies, signing, async (method, path, query, body, how) => {
        const target = `${path.startsWith('/') ? path : `/${path}`}${query}`;
        let headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (how === 'signed')
          headers = { ...headers, ...authHeaders(simulator.credentials, method, target, body) };
        if (how === 'wrong-secret') {
          headers = {
            ...headers,
            ...authHeaders({ ...simulator.credentials, apiSecret: 'AAAA' }, method, target, body),
          };
        }
        if (how === 'junk-headers')
          headers = { ...headers, 'CB-ACCESS-KEY': '\u00ff', 'CB-ACCESS-TIMESTAMP': '-0' };
        let response: Awaited<ReturnType<TestRestClient['raw']>>;
        try {
          response = await client.raw(method, target, body, headers);
        } catch (error) {
          // Node's own client refuses some targets before sending; that is not the server's doing.
          if ((error as NodeJS.ErrnoException).code === 'ERR_UNESCAPED_CHARACTERS') return;
          throw error;
        }
        expect(response.status).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(500);
        expect(
          response.body,
          `${method} ${target} -> ${response.status} ${response.text}`,
        ).not.toBeUndefined();
        if (response.status >= 400)
          expect(typeof (response.body as { message?: unknown }).message).toBe('string');
      }),
      { numRuns: 250, seed: 20241126, interruptAfterTimeLimit: 60_000 },
    );
    expectExchangeIntact();
    await expectStillServing();
    expect(logged.filter((line) => line.startsWith('internal error'))).toEqual([]);
  });
});

describe('bad WebSocket input', () => {
  it('survives random frames: an error message per frame, or a clean close', async () => {
    const frames = fc.oneof(
      fc.string(),
      fc.json(),
      fc.uint8Array({ maxLength: 64 }),
      fc.record({
        type: fc.oneof(fc.constantFrom('subscribe', 'unsubscribe'), fc.anything()),
        product_ids: fc.oneof(fc.constant(['BTC-USD']), fc.anything()),
        channels: fc.oneof(fc.constantFrom(['ticker'], ['level2'], [{ name: 'full' }], []), fc.anything()),
        key: fc.option(fc.string()),
        timestamp: fc.option(fc.oneof(fc.string(), fc.double())),
        signature: fc.option(fc.string()),
      }),
    );
    const batch = await fc.sample(frames, { numRuns: 300, seed: 7 });
    const connection = await TestFeedClient.connect(simulator.wsUrl);
    try {
      for (const frame of batch) {
        if (frame instanceof Uint8Array) connection.socket.send(frame, { binary: true });
        else connection.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
      }
      connection.send({ type: 'subscribe', product_ids: ['ETH-USD'], channels: ['heartbeat'] });
      const reply = await connection.next(
        (message) => message.type === 'subscriptions' && JSON.stringify(message).includes('heartbeat'),
      );
      expect(reply).toBeDefined();
      for (const message of connection.messages)
        expect([
          'error',
          'subscriptions',
          'ticker',
          'snapshot',
          'last_match',
          'heartbeat',
          'status',
        ]).toContain(message.type);
    } finally {
      connection.close();
    }
    expectExchangeIntact();
    await expectStillServing();
  });

  it('holds a thousand simultaneous feed connections and keeps serving', { timeout: 60_000 }, async () => {
    const count = 1000;
    const sockets = await Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(simulator.wsUrl, { perMessageDeflate: false });
            socket.once('open', () => {
              socket.send(
                JSON.stringify({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['heartbeat'] }),
              );
              resolve(socket);
            });
            socket.once('error', reject);
          }),
      ),
    );
    try {
      expect(sockets.filter((socket) => socket.readyState === WebSocket.OPEN)).toHaveLength(count);
      await expectStillServing();
    } finally {
      await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<void>((resolve) => {
              socket.once('close', () => resolve());
              socket.terminate();
            }),
        ),
      );
    }
  });

  it('refuses connections above the cap with a 503, cleanly', async () => {
    const capped = await startSimulator({
      market: { enabled: false },
      limits: { maxWebSocketConnections: 2 },
    });
    const open: TestFeedClient[] = [];
    try {
      open.push(await TestFeedClient.connect(capped.wsUrl), await TestFeedClient.connect(capped.wsUrl));
      await expect(TestFeedClient.connect(capped.wsUrl)).rejects.toThrow(/503/);
    } finally {
      for (const connection of open) connection.close();
      await capped.stop();
    }
  });
});
