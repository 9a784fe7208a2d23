import { createExchangeCredentials } from '@tradeloop/auth';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '@tradeloop/simulator';
import { NodeHttpTransport } from '../../src/http/node-transport.js';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/http/transport.js';
import { CoinbaseExchangeClient, type CoinbaseExchangeClientOptions } from '../../src/index.js';

/** A quiet simulator: no background market, no faults, no rate limits unless asked. */
export function startQuietSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({
    port: 0,
    seed: 1,
    rateLimits: false,
    faults: 'none',
    market: { enabled: false },
    balances: { USD: '100000', BTC: '10' },
    ...options,
  });
}

/**
 * A client for the simulator's default key, with short waits so tests stay fast. The simulator
 * places an order the instant it reads the request (it has no queue), so a short absence window
 * is safe against it; real exchanges need the default.
 */
export function clientFor(
  simulator: RunningSimulator,
  options: CoinbaseExchangeClientOptions = {},
): CoinbaseExchangeClient {
  return new CoinbaseExchangeClient({
    baseUrl: simulator.restUrl,
    credentials: createExchangeCredentials(simulator.credentials),
    rateLimit: false,
    retry: { baseDelayMs: 5, maxDelayMs: 200 },
    orderPlacement: { lookupDelayMs: 5, absenceWindowMs: 20, absenceLookups: 2 },
    ...options,
  });
}

/** One request as it went out and how it ended, as seen by {@link RecordingTransport}. */
export interface RecordedExchange {
  request: HttpRequest;
  status: number | 'failed';
  body?: string;
}

/**
 * The real transport, recording each request and its status. Instrumentation only: every request
 * still travels over loopback HTTP to the simulator.
 */
export class RecordingTransport implements HttpTransport {
  readonly exchanges: RecordedExchange[] = [];
  readonly #inner = new NodeHttpTransport();

  async send(request: HttpRequest): Promise<HttpResponse> {
    try {
      const response = await this.#inner.send(request);
      this.exchanges.push({ request, status: response.status, body: response.body });
      return response;
    } catch (error) {
      this.exchanges.push({ request, status: 'failed' });
      throw error;
    }
  }

  close(): void {
    this.#inner.close();
  }

  /** `METHOD path` of every request sent, in order. */
  lines(): string[] {
    return this.exchanges.map((exchange) => `${exchange.request.method} ${exchange.request.path}`);
  }
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Awaits `promise` expecting a rejection, and returns the error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
