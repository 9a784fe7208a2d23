import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createExchangeCredentials } from '@tradeloop/auth';
import type { RunningSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoinbaseExchangeClient, DEFAULT_USER_AGENT, FetchTransport } from '../src/index.js';
import { collect, startQuietSimulator } from './support/simulator.js';

// The simulator does not expose its connections or request headers, so these checks use a bare
// loopback HTTP server that answers like Coinbase and records what arrived.
interface Arrival {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  connection: number;
}

const arrivals: Arrival[] = [];
let server: Server;
let baseUrl: string;
let connections = 0;
const apiSecret = Buffer.alloc(64, 9).toString('base64');
const credentials = createExchangeCredentials({
  apiKey: 'key-for-transport-tests',
  apiSecret,
  passphrase: 'pass',
});

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      arrivals.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
        connection: (request.socket as unknown as { index: number }).index,
      });
      response.setHeader('Content-Type', 'application/json');
      response.end(
        request.url?.endsWith('/time') ? '{"iso":"2024-01-01T00:00:00.000Z","epoch":1704067200}' : '[]',
      );
    });
  });
  server.on('connection', (socket) => {
    connections += 1;
    (socket as unknown as { index: number }).index = connections;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the default transport', () => {
  it('reuses one keep-alive connection for sequential requests', async () => {
    const client = new CoinbaseExchangeClient({ baseUrl, rateLimit: false });
    const before = connections;
    arrivals.length = 0;
    for (let index = 0; index < 50; index += 1) await client.getTime();
    expect(connections - before).toBe(1);
    expect(new Set(arrivals.map((arrival) => arrival.connection)).size).toBe(1);
    client.close();
  });

  it('names the package and version in User-Agent, or what the caller chose', async () => {
    arrivals.length = 0;
    const client = new CoinbaseExchangeClient({ baseUrl, rateLimit: false });
    await client.getTime();
    expect(arrivals[0]?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toMatch(/^@tradeloop\/rest\/\d+\.\d+\.\d+/);
    const custom = new CoinbaseExchangeClient({ baseUrl, rateLimit: false, userAgent: 'my-bot/1.0' });
    await custom.getTime();
    expect(arrivals[1]?.headers['user-agent']).toBe('my-bot/1.0');
    client.close();
    custom.close();
  });

  it('signs private requests only, over the exact path, query and body bytes that arrive', async () => {
    arrivals.length = 0;
    const client = new CoinbaseExchangeClient({ baseUrl, rateLimit: false, credentials });
    await client.getTime();
    await client.getFills({ productId: 'BTC-USD', startDate: '2024-01-01T00:00:00Z', limit: 5 });
    await client.cancelAllOrders('BTC-USD');
    const [time, fills, cancel] = arrivals;
    expect(time?.headers['cb-access-sign']).toBeUndefined();
    expect(fills?.url).toBe('/fills?product_id=BTC-USD&start_date=2024-01-01T00%3A00%3A00Z&limit=5');
    for (const arrival of [fills, cancel] as Arrival[]) {
      const timestamp = arrival.headers['cb-access-timestamp'] as string;
      const expected = createHmac('sha256', Buffer.from(apiSecret, 'base64'))
        .update(timestamp + arrival.method + arrival.url + arrival.body)
        .digest('base64');
      expect(arrival.headers['cb-access-sign']).toBe(expected);
      expect(arrival.headers['cb-access-passphrase']).toBe('pass');
      expect(arrival.headers['content-type']).toBeUndefined();
    }
    client.close();
  });

  it('sends a base URL path prefix but signs the exchange path', async () => {
    arrivals.length = 0;
    const client = new CoinbaseExchangeClient({
      baseUrl: `${baseUrl}/proxy/`,
      rateLimit: false,
      credentials,
    });
    await client.getAccounts();
    const arrival = arrivals[0] as Arrival;
    expect(arrival.url).toBe('/proxy/accounts');
    const expected = createHmac('sha256', Buffer.from(apiSecret, 'base64'))
      .update(`${arrival.headers['cb-access-timestamp']}GET/accounts`)
      .digest('base64');
    expect(arrival.headers['cb-access-sign']).toBe(expected);
    client.close();
  });
});

describe('FetchTransport against the simulator', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startQuietSimulator();
  });

  afterAll(async () => {
    await simulator.stop();
  });

  it('serves public and private endpoints and pagination alike', async () => {
    const client = new CoinbaseExchangeClient({
      baseUrl: simulator.restUrl,
      credentials: createExchangeCredentials(simulator.credentials),
      rateLimit: false,
      transport: new FetchTransport(),
    });
    expect((await client.getProduct('BTC-USD')).id).toBe('BTC-USD');
    for (let index = 0; index < 5; index += 1) {
      await client.placeOrder({
        product_id: 'BTC-USD',
        side: 'buy',
        price: `${100 + index}.00`,
        size: '0.01',
      });
    }
    expect(await collect(client.iterateOrders({ productId: 'BTC-USD' }, { pageSize: 2 }))).toHaveLength(5);
    expect(await client.cancelAllOrders()).toHaveLength(5);
  });
});
