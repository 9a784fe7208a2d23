import type { RunningSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse, HttpTransport } from '../src/http/transport.js';
import type { CoinbaseExchangeClient } from '../src/index.js';
import { clientFor, RecordingTransport, startQuietSimulator } from './support/simulator.js';

let simulator: RunningSimulator;
const clients: CoinbaseExchangeClient[] = [];

/** The real transport, noting whether each request reached it while the caller's task still ran. */
class TimedTransport implements HttpTransport {
  readonly inner = new RecordingTransport();
  /** Set by the test right after the call returns, before any microtask can run. */
  callerReturned = false;
  readonly handedOverDuringCall: boolean[] = [];

  send(request: HttpRequest): Promise<HttpResponse> {
    this.handedOverDuringCall.push(!this.callerReturned);
    return this.inner.send(request);
  }

  close(): void {
    this.inner.close();
  }
}

function timedClient(options: Parameters<typeof clientFor>[1] = {}) {
  const transport = new TimedTransport();
  const client = clientFor(simulator, { transport, ...options });
  clients.push(client);
  return { client, transport };
}

beforeAll(async () => {
  simulator = await startQuietSimulator();
});

afterAll(async () => {
  for (const client of clients) client.close();
  await simulator.stop();
});

const order = { product_id: 'BTC-USD', side: 'buy', price: '10.00', size: '1' } as const;

describe('the order goes to the transport within the caller’s task', () => {
  it('with a rate-limit token free, placeOrder hands the request over before it returns', async () => {
    const { client, transport } = timedClient({ rateLimit: true });
    const placed = client.placeOrder(order);
    transport.callerReturned = true;
    await expect(placed).resolves.toMatchObject({ product_id: 'BTC-USD' });
    expect(transport.handedOverDuringCall).toEqual([true]);
  });

  it('after the start-up clock sync settled, an order no longer waits for it', async () => {
    const { client, transport } = timedClient({ syncClockOnStart: true });
    transport.callerReturned = false;
    const first = client.placeOrder(order);
    transport.callerReturned = true;
    await first;
    // GET /time went out at once (a public call), the first POST after its answer; the second
    // POST does not wait for anything.
    expect(transport.inner.lines()).toEqual(['GET /time', 'POST /orders']);
    transport.callerReturned = false;
    const second = client.placeOrder(order);
    transport.callerReturned = true;
    await second;
    expect(transport.handedOverDuringCall).toEqual([true, false, true]);
  });

  it('with no token free, the order waits for one instead of failing', async () => {
    const { client, transport } = timedClient({
      rateLimit: { private: { ratePerSecond: 50, burst: 2 }, headroom: 0 },
    });
    const placed = [client.placeOrder(order), client.placeOrder(order), client.placeOrder(order)];
    transport.callerReturned = true;
    await Promise.all(placed);
    // Two tokens: two requests handed over at once, the third after a token came back.
    expect(transport.handedOverDuringCall).toEqual([true, true, false]);
  });
});
