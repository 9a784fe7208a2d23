import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in Coinbase order endpoint on loopback, for faults the simulator cannot produce: the
 * simulator places an order the instant it reads the request, while a real exchange may hold a
 * placement in a queue for seconds (and answer it late, or with a gateway's garbage).
 *
 * It speaks just enough of the protocol for placement: `POST /orders` (queued for
 * `placementDelayMs`, then it lands and is answered), `GET /orders/client:{client_oid}` (404
 * until it lands), and it records every request.
 */
export interface QueueingExchangeOptions {
  /** Time an order spends queued before it exists (and before its POST is answered). */
  placementDelayMs: number;
  /**
   * A second POST with a `client_oid` already queued or placed: `accept` queues another order
   * (what happens when the exchange keys nothing on it), `refuse` answers 400 "duplicate client_oid".
   */
  duplicates: 'accept' | 'refuse';
  /** The answer to a POST once the order landed; default the order as JSON with 200. */
  answer?: (order: FakeOrder) => { status: number; body: string; contentType?: string };
}

export interface FakeOrder {
  id: string;
  client_oid: string;
  product_id: string;
  side: string;
  price: string;
  size: string;
  status: 'pending';
  created_at: string;
}

export interface QueueingExchange {
  url: string;
  /** Orders that landed, in order. */
  readonly orders: FakeOrder[];
  /** `METHOD path` of every request received. */
  readonly requests: string[];
  stop(): Promise<void>;
}

export async function startQueueingExchange(options: QueueingExchangeOptions): Promise<QueueingExchange> {
  const orders: FakeOrder[] = [];
  const requests: string[] = [];
  const queued = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();

  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const handle = (request: IncomingMessage, response: ServerResponse, body: string) => {
    requests.push(`${request.method} ${request.url}`);
    if (request.method === 'POST' && request.url === '/orders') {
      const parsed = JSON.parse(body) as Record<string, string>;
      const clientOid = parsed.client_oid ?? '';
      const known = queued.has(clientOid) || orders.some((order) => order.client_oid === clientOid);
      if (known && options.duplicates === 'refuse') {
        json(response, 400, { message: 'duplicate client_oid' });
        return;
      }
      queued.add(clientOid);
      const timer = setTimeout(() => {
        timers.delete(timer);
        queued.delete(clientOid);
        const order: FakeOrder = {
          id: randomUUID(),
          client_oid: clientOid,
          product_id: parsed.product_id ?? '',
          side: parsed.side ?? '',
          price: parsed.price ?? '',
          size: parsed.size ?? '',
          status: 'pending',
          created_at: new Date().toISOString(),
        };
        orders.push(order);
        if (response.destroyed) return; // the client gave up waiting; the order landed all the same
        const answer = options.answer?.(order) ?? { status: 200, body: JSON.stringify(order) };
        response.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
        response.end(answer.body);
      }, options.placementDelayMs);
      timers.add(timer);
      return;
    }
    const lookup = /^\/orders\/client:([^/?]+)$/.exec(request.url ?? '');
    if (request.method === 'GET' && lookup) {
      const clientOid = decodeURIComponent(lookup[1] as string);
      const order = orders.find((candidate) => candidate.client_oid === clientOid);
      if (order) json(response, 200, order);
      else json(response, 404, { message: 'NotFound' });
      return;
    }
    json(response, 404, { message: 'NotFound' });
  };

  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => handle(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    orders,
    requests,
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
