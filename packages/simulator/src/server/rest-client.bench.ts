/**
 * Not a benchmark of its own: the load generator of `rest.bench.ts`, run in its worker thread so the client does not share
 * the server's event loop (it is still one client: one keep-alive pool, a few requests in flight).
 */
import { Agent, request as httpRequest } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { authHeaders, type TestCredentials } from '../../test/support/signing.js';

const { restUrl, credentials, inFlight } = workerData as {
  restUrl: string;
  credentials: TestCredentials;
  inFlight: number;
};
const url = new URL(restUrl);
const agent = new Agent({ keepAlive: true, maxSockets: inFlight });

function send(method: string, target: string, body = '', signed = true): Promise<string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Content-Length': String(body.length),
  };
  if (signed) Object.assign(headers, authHeaders(credentials, method, target, body));
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, method, path: target, headers, agent },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => {
          if ((response.statusCode ?? 0) >= 400)
            reject(new Error(`${method} ${target}: ${response.statusCode} ${text}`));
          else resolve(text);
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function inParallel(total: number, step: () => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) {
        next += 1;
        await step();
      }
    }),
  );
}

let priceStep = 0;
async function placeAndCancel(): Promise<void> {
  // Far below any ask: rests, never matches. One placement and one cancel = two requests.
  const price = `${10_000 + (priceStep++ % 5000) / 100}`;
  const body = JSON.stringify({ product_id: 'BTC-USD', side: 'buy', price, size: '0.001' });
  const placed = JSON.parse(await send('POST', '/orders', body)) as { id: string };
  await send('DELETE', `/orders/${placed.id}`);
}

parentPort?.on('message', async (task: { kind: 'orders' | 'time'; requests: number } | 'stop') => {
  if (task === 'stop') {
    agent.destroy();
    parentPort?.close();
    return;
  }
  try {
    if (task.kind === 'orders') await inParallel(Math.max(1, Math.floor(task.requests / 2)), placeAndCancel);
    else await inParallel(task.requests, async () => void (await send('GET', '/time', '', false)));
    parentPort?.postMessage({ ok: true });
  } catch (error) {
    parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
