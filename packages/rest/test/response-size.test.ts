import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoinbaseExchangeClient, FetchTransport, ResponseTooLargeError } from '../src/index.js';
import { rejectionOf } from './support/simulator.js';

// The simulator only sends bodies of sane size, so a bare loopback server plays one that does not:
// `/endless` streams chunks without end (no Content-Length), `/declared` announces 5 MB up front.

let server: Server;
let baseUrl: string;
/** Set when the server saw the client close the connection of an endless answer. */
const closedByClient: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/declared') {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(5_000_000) });
      response.write('{"epoch":');
      return; // never finished: only the header matters
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = `${'x'.repeat(16 * 1024)}`;
    const timer = setInterval(() => response.write(chunk), 1);
    response.on('close', () => {
      clearInterval(timer);
      closedByClient.push(request.url ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('maxResponseBytes', () => {
  it.each([
    ['the default transport', undefined],
    ['FetchTransport', new FetchTransport()],
  ])(
    '%s: an endless body fails with ResponseTooLargeError and the connection is closed',
    async (_name, transport) => {
      const client = new CoinbaseExchangeClient({
        baseUrl: `${baseUrl}/endless`,
        rateLimit: false,
        retry: false,
        timeoutMs: 3_000,
        maxResponseBytes: 256 * 1024,
        ...(transport ? { transport } : {}),
      });
      try {
        const closedBefore = closedByClient.length;
        const error = await rejectionOf(client.getTime());
        expect(ResponseTooLargeError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({
          code: 'response_too_large',
          maxResponseBytes: 256 * 1024,
          path: '/time',
        });
        for (let waited = 0; closedByClient.length === closedBefore && waited < 2_000; waited += 10) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(closedByClient.length).toBe(closedBefore + 1);
      } finally {
        client.close();
      }
    },
  );

  it('a declared Content-Length over the limit fails before the body is read', async () => {
    const client = new CoinbaseExchangeClient({
      baseUrl: `${baseUrl}/declared`,
      rateLimit: false,
      retry: false,
      timeoutMs: 3_000,
      maxResponseBytes: 1_000_000,
    });
    try {
      expect(ResponseTooLargeError.isInstance(await rejectionOf(client.getTime()))).toBe(true);
    } finally {
      client.close();
    }
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new CoinbaseExchangeClient({ maxResponseBytes: 0 })).toThrow(/maxResponseBytes/);
  });
});
