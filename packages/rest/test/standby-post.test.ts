import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeHttpTransport } from '../src/http/node-transport.js';
import type { HttpRequest } from '../src/http/transport.js';

// The simulator does not let a test close idle connections or count them, so these checks use a
// bare loopback HTTP server. The client's sockets are watched through node's `net.client.socket`
// diagnostics channel: their byte counters show whether a request was written within `send`.
let server: Server;
let origin: string;
let connections = 0;
const posts: string[] = [];
const clientSockets: Socket[] = [];
const onClientSocket = (message: unknown) => clientSockets.push((message as { socket: Socket }).socket);
const transports: NodeHttpTransport[] = [];

beforeAll(async () => {
  subscribe('net.client.socket', onClientSocket);
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.method === 'POST') posts.push(`${request.url} ${body}`);
      response.setHeader('Content-Type', 'application/json');
      response.end('{"ok":true}');
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  for (const transport of transports.splice(0)) transport.close();
});

afterAll(async () => {
  unsubscribe('net.client.socket', onClientSocket);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function transportWith(options: ConstructorParameters<typeof NodeHttpTransport>[0]): NodeHttpTransport {
  const transport = new NodeHttpTransport(options);
  transports.push(transport);
  return transport;
}

function call(method: 'GET' | 'POST', path: string, body?: string): HttpRequest {
  return {
    method,
    origin,
    path,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body,
    timeoutMs: 2_000,
    signal: undefined,
  };
}

const bytesWritten = () => clientSockets.reduce((sum, socket) => sum + socket.bytesWritten, 0);
const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Sends a POST; true when some of its bytes were written before `send` returned. */
async function postWrittenWithinSend(transport: NodeHttpTransport, body: string): Promise<boolean> {
  const before = bytesWritten();
  const answer = transport.send(call('POST', '/orders', body));
  const writtenWithin = bytesWritten() > before;
  expect((await answer).status).toBe(200);
  return writtenWithin;
}

describe('NodeHttpTransport with standbyPost', () => {
  it('writes a POST within send on the standby opened after the previous answer', async () => {
    const transport = transportWith({ standbyPost: true });
    await transport.send(call('GET', '/time'));
    await nextTurn();
    posts.length = 0;
    expect(await postWrittenWithinSend(transport, '{"n":1}')).toBe(true);
    await nextTurn();
    expect(await postWrittenWithinSend(transport, '{"n":2}')).toBe(true);
    // The path and the body arrive as given, once each.
    expect(posts).toEqual(['/orders {"n":1}', '/orders {"n":2}']);
  });

  it('without it, node:http writes only after send returned (the agent hands the socket over in a nextTick)', async () => {
    const transport = transportWith({});
    await transport.send(call('GET', '/time'));
    await nextTurn();
    expect(await postWrittenWithinSend(transport, '{"n":3}')).toBe(false);
  });

  it('replaces an unused standby after idleTimeoutMs, on a fresh connection', async () => {
    const transport = transportWith({ standbyPost: true, idleTimeoutMs: 50 });
    await transport.send(call('GET', '/time'));
    const connectionsBefore = connections;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(connections).toBeGreaterThan(connectionsBefore);
    expect(await postWrittenWithinSend(transport, '{"n":4}')).toBe(true);
  });

  it('falls back to a plain request when the server closed the standby’s connection', async () => {
    const transport = transportWith({ standbyPost: true });
    await transport.send(call('GET', '/time'));
    await nextTurn();
    server.closeAllConnections();
    await nextTurn();
    posts.length = 0;
    expect(await postWrittenWithinSend(transport, '{"n":5}')).toBe(false);
    expect(posts).toEqual(['/orders {"n":5}']);
    await nextTurn();
    // The answer opened the next standby.
    expect(await postWrittenWithinSend(transport, '{"n":6}')).toBe(true);
  });
});
