/**
 * Simulator over REST: order placements and cancels per second (each request counts once), eight
 * requests in flight from the same process, client-side work kept to the bare minimum (signed
 * `fetch`). The baseline is a bare `node:http` server that reads each body and answers a fixed
 * order, driven by the same client: the floor of HTTP on this machine, so the ratio is the share
 * of the time the simulator's own work (auth, validation, matching, holds, feed events) leaves.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '@tradeloop/simulator';
import { measureAlternating, printRow, scaled, throughputFigure } from '@tradeloop-internal/bench';
import { BareRest } from '../support/bare-rest.js';

const inFlight = 8;

/** Places a resting limit buy far below any price and cancels it, `iterations / 2` times over `inFlight` workers. */
function placeAndCancelLoad(rest: BareRest) {
  return async (iterations: number) => {
    const pairs = Math.max(1, Math.floor(iterations / 2));
    let next = 0;
    const worker = async () => {
      while (next < pairs) {
        next += 1;
        const body = JSON.stringify({
          type: 'limit',
          side: 'buy',
          product_id: 'BTC-USD',
          price: '1000.00',
          size: '0.01000000',
          post_only: true,
          client_oid: randomUUID(),
        });
        const order = (await rest.signed('POST', '/orders', body)) as { id: string };
        await rest.signed('DELETE', `/orders/${order.id}`);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
  };
}

/** A server that does nothing but read the request and answer like the exchange would, in shape. */
async function startFloorServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.setHeader('Content-Type', 'application/json');
      if (request.method === 'POST') {
        const order = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        response.end(JSON.stringify({ id: randomUUID(), ...order, status: 'pending', settled: false }));
      } else response.end(JSON.stringify(request.url?.split('/').pop() ?? ''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const simulator = await startSimulator({ rateLimits: false, market: { enabled: false } });
const floor = await startFloorServer();
try {
  const [simulatorResult, floorResult] = await measureAlternating(
    [
      {
        name: '@tradeloop/simulator POST /orders + DELETE /orders/{id}',
        run: placeAndCancelLoad(new BareRest(simulator.restUrl, simulator.credentials)),
      },
      {
        name: 'bare node:http server answering a fixed order',
        run: placeAndCancelLoad(new BareRest(floor.url, simulator.credentials)),
      },
    ],
    { iterations: scaled(4_000), rounds: 6 },
  );
  printRow({
    id: 'simulator-rest',
    title: `Simulator: REST order placements + cancels/s (${inFlight} in flight, client in the same process)`,
    better: 'higher',
    candidate: throughputFigure(simulatorResult!, 'requests/s'),
    baselines: [throughputFigure(floorResult!, 'requests/s')],
  });
} finally {
  await simulator.stop();
  await new Promise((resolve) => floor.server.close(resolve));
}
