import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NodeHttpTransport } from './node-transport.js';

interface Received {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The headers node adds itself; the rest must be exactly those the request carried. */
const NODE_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding']);

describe('NodeHttpTransport with standbyPost', () => {
  let server: http.Server;
  let origin: string;
  let received: Received[];
  let transport: NodeHttpTransport;

  beforeEach(async () => {
    received = [];
    server = http.createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers))
          if (!NODE_HEADERS.has(name)) headers[name] = String(value);
        received.push({ method: request.method ?? '', url: request.url ?? '', headers, body });
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    transport = new NodeHttpTransport({ standbyPost: true });
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    transport.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (headers: Record<string, string>, body: string) =>
    transport.send({
      method: 'POST',
      origin,
      path: '/orders',
      headers,
      body,
      timeoutMs: 5_000,
      signal: undefined,
    });
  /** Long enough on loopback for the standby to take its connection after the last answer. */
  const standbyReady = () => new Promise((resolve) => setTimeout(resolve, 200));

  it('writes a POST within send once a standby waits, with exactly the headers of each request', async () => {
    const first = { Accept: 'application/json', 'CB-ACCESS-SIGN': 'first', 'X-Dropped-Later': 'x' };
    expect((await post(first, '{"n":1}')).body).toBe('{"ok":true}');
    await standbyReady();

    // Instrumentation only: counts socket writes, calling the real one.
    const write = vi.spyOn(net.Socket.prototype, 'write');
    // A header of the POST before is dropped, one changes, one stays.
    const second = { Accept: 'application/json', 'CB-ACCESS-SIGN': 'second' };
    const answered = post(second, '{"n":2}');
    expect(write).toHaveBeenCalled();
    await answered;
    write.mockClear();
    await standbyReady();

    // A name in another case, a new header, one unchanged.
    const third = { accept: 'text/plain', 'CB-ACCESS-SIGN': 'second', 'X-New': 'n' };
    const answeredThird = post(third, '{"n":3}');
    expect(write).toHaveBeenCalled();
    await answeredThird;
    await transport.send({
      method: 'GET',
      origin,
      path: '/time',
      headers: { Accept: 'application/json' },
      body: undefined,
      timeoutMs: 5_000,
      signal: undefined,
    });

    expect(received).toEqual([
      {
        method: 'POST',
        url: '/orders',
        headers: { accept: 'application/json', 'cb-access-sign': 'first', 'x-dropped-later': 'x' },
        body: '{"n":1}',
      },
      {
        method: 'POST',
        url: '/orders',
        headers: { accept: 'application/json', 'cb-access-sign': 'second' },
        body: '{"n":2}',
      },
      {
        method: 'POST',
        url: '/orders',
        headers: { accept: 'text/plain', 'cb-access-sign': 'second', 'x-new': 'n' },
        body: '{"n":3}',
      },
      { method: 'GET', url: '/time', headers: { accept: 'application/json' }, body: '' },
    ]);
  });
});
