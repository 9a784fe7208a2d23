import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { createExchangeCredentials } from '@tradeloop/auth';
import type { RunningSimulator } from '@tradeloop/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortedError,
  AuthenticationError,
  BadRequestError,
  CoinbaseExchangeClient,
  InvalidOrderError,
  NetworkError,
  PermissionError,
  RateLimitedError,
  type RestError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '../src/index.js';
import { clientFor, rejectionOf, startQuietSimulator } from './support/simulator.js';

let simulator: RunningSimulator;
const clients: CoinbaseExchangeClient[] = [];
const otherSecret = Buffer.alloc(64, 7).toString('base64');

function client(
  options: ConstructorParameters<typeof CoinbaseExchangeClient>[0] = {},
): CoinbaseExchangeClient {
  const created = clientFor(simulator, { retry: false, ...options });
  clients.push(created);
  return created;
}

/** Neither the secret nor the passphrase may appear anywhere in an error's renderings. */
function expectNoSecrets(error: unknown): void {
  const renderings = [JSON.stringify(error), inspect(error, { depth: 5 }), String((error as Error).stack)];
  for (const text of renderings) {
    for (const secret of [simulator.credentials.apiSecret, simulator.credentials.passphrase, otherSecret]) {
      expect(text).not.toContain(secret);
    }
  }
}

async function failure<T extends RestError>(
  promise: Promise<unknown>,
  errorClass: { isInstance(value: unknown): value is T },
): Promise<T> {
  const error = await rejectionOf(promise);
  expect(errorClass.isInstance(error), `expected ${String((error as Error).name)}: ${String(error)}`).toBe(
    true,
  );
  expectNoSecrets(error);
  return error as T;
}

beforeAll(async () => {
  simulator = await startQuietSimulator();
});

afterEach(() => {
  simulator.setFaults('none');
});

afterAll(async () => {
  for (const each of clients) each.close();
  await simulator.stop();
});

describe('typed errors over loopback HTTP', () => {
  it('AuthenticationError: invalid signature, unknown key, wrong passphrase', async () => {
    const { apiKey, passphrase } = simulator.credentials;
    const badSecret = client({
      credentials: createExchangeCredentials({ apiKey, apiSecret: otherSecret, passphrase }),
    });
    const signature = await failure(badSecret.getAccounts(), AuthenticationError);
    expect(signature).toMatchObject({
      reason: 'invalid_signature',
      code: 'invalid_signature',
      method: 'GET',
      path: '/accounts',
      status: 401,
      exchangeMessage: 'invalid signature',
      isRetryable: false,
    });

    const unknownKey = client({
      credentials: createExchangeCredentials({
        apiKey: 'ffffffffffffffffffffffffffffffff',
        apiSecret: otherSecret,
        passphrase,
      }),
    });
    expect((await failure(unknownKey.getFees(), AuthenticationError)).reason).toBe('invalid_api_key');

    const wrongPassphrase = client({
      credentials: createExchangeCredentials({
        apiKey,
        apiSecret: simulator.credentials.apiSecret,
        passphrase: 'not-it',
      }),
    });
    const passphraseError = await failure(wrongPassphrase.getAccounts(), AuthenticationError);
    expect(passphraseError.reason).toBe('invalid_passphrase');
    expect(passphraseError.message).toMatch(/passphrase chosen when the API key was created/);
  });

  it('AuthenticationError before any I/O when a private endpoint is called without credentials', async () => {
    const anonymous = new CoinbaseExchangeClient({ baseUrl: simulator.restUrl, rateLimit: false });
    clients.push(anonymous);
    const error = await failure(anonymous.getAccounts(), AuthenticationError);
    expect(error).toMatchObject({ reason: 'missing_credentials', status: undefined });
  });

  it('PermissionError (403) for a view-only key placing an order', async () => {
    const viewOnly = client({
      credentials: createExchangeCredentials(simulator.createApiKey({ permissions: ['view'] })),
    });
    const error = await failure(
      viewOnly.placeOrder({ product_id: 'BTC-USD', side: 'buy', price: '100.00', size: '0.01' }),
      PermissionError,
    );
    expect(error).toMatchObject({ status: 403, method: 'POST', path: '/orders', isRetryable: false });
    expect(await viewOnly.getAccounts()).not.toHaveLength(0);
  });

  it('InvalidOrderError with the parsed reason: precision, minimum, post-only, insufficient funds', async () => {
    const trader = client();
    const precision = await failure(
      trader.placeOrder({ product_id: 'BTC-USD', side: 'buy', price: '100.001', size: '0.01' }),
      InvalidOrderError,
    );
    expect(precision).toMatchObject({ reason: 'precision', field: 'price', status: 400 });
    expect(precision.limit).toMatch(/^0\.01/);

    const minimum = await failure(
      trader.placeOrder({ product_id: 'BTC-USD', side: 'buy', price: '1.00', size: '0.01' }),
      InvalidOrderError,
    );
    expect(minimum.reason).toBe('minimum');

    const seller = client({
      credentials: createExchangeCredentials(simulator.createApiKey({ balances: { BTC: '1' } })),
    });
    await seller.placeOrder({ product_id: 'BTC-USD', side: 'sell', price: '60000.00', size: '0.1' });
    const postOnly = await failure(
      trader.placeOrder({
        product_id: 'BTC-USD',
        side: 'buy',
        price: '60000.00',
        size: '0.01',
        post_only: true,
      }),
      InvalidOrderError,
    );
    expect(postOnly).toMatchObject({ reason: 'post_only', exchangeMessage: 'Post only mode' });

    const funds = await failure(
      trader.placeOrder({ product_id: 'BTC-USD', side: 'buy', price: '50000.00', size: '100' }),
      InvalidOrderError,
    );
    expect(funds).toMatchObject({ reason: 'insufficient_funds', code: 'invalid_order' });
    await seller.cancelAllOrders();
  });

  it('BadRequestError for a refused parameter outside order placement', async () => {
    const error = await failure(client().listOrders({ status: 'bogus' as 'open' }), BadRequestError);
    expect(error).toMatchObject({ status: 400, path: '/orders?status=bogus' });
    expect(InvalidOrderError.isInstance(error)).toBe(false);
  });

  it("RateLimitedError when the client's limiter is off and the exchange's is on", async () => {
    const limited = await startQuietSimulator({ rateLimits: true });
    const unthrottled = new CoinbaseExchangeClient({
      baseUrl: limited.restUrl,
      rateLimit: false,
      retry: false,
    });
    try {
      const results = await Promise.allSettled(Array.from({ length: 40 }, () => unthrottled.getTime()));
      const refusals = results
        .filter((result) => result.status === 'rejected')
        .map((result) => result.reason);
      expect(refusals.length).toBeGreaterThan(0);
      expect(refusals.every((reason) => RateLimitedError.isInstance(reason))).toBe(true);
      expect(refusals[0]).toMatchObject({
        status: 429,
        exchangeMessage: 'Public rate limit exceeded',
        isRetryable: true,
      });
    } finally {
      unthrottled.close();
      await limited.stop();
    }
  });

  it('ServerError (5xx) is retryable', async () => {
    simulator.setFaults({ serverErrorRate: 1 });
    const error = await failure(client().getAccounts(), ServerError);
    expect([500, 502, 503]).toContain(error.status);
    expect(error.isRetryable).toBe(true);
  });

  it('NetworkError when nothing listens', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const nowhere = new CoinbaseExchangeClient({
      baseUrl: `http://127.0.0.1:${port}`,
      rateLimit: false,
      retry: false,
    });
    clients.push(nowhere);
    const error = await failure(nowhere.getTime(), NetworkError);
    expect(error).toMatchObject({
      code: 'network_error',
      status: undefined,
      isRetryable: true,
      path: '/time',
    });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('TimeoutError when the response is later than timeoutMs', async () => {
    simulator.setFaults({ responseDelayMs: 400 });
    const error = await failure(client({ timeoutMs: 50 }).getAccounts(), TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50, isRetryable: true, code: 'timeout' });
    const perCall = await failure(client().getFees({ timeoutMs: 40 }), TimeoutError);
    expect(perCall.timeoutMs).toBe(40);
  });

  it('AbortedError when the caller aborts, before or during the request', async () => {
    const before = new AbortController();
    before.abort();
    const early = await failure(client().getAccounts({ signal: before.signal }), AbortedError);
    expect(early.requestSent).toBe(false);

    simulator.setFaults({ responseDelayMs: 400 });
    const during = new AbortController();
    const pending = client().getAccounts({ signal: during.signal });
    setTimeout(() => during.abort(new Error('user pressed stop')), 30);
    const late = await failure(pending, AbortedError);
    expect(late.requestSent).toBe(true);
    expect((late.cause as Error).message).toBe('user pressed stop');
  });

  it('AbortedError while waiting for a rate-limit token: the request never went out', async () => {
    const slow = client({ rateLimit: { public: { ratePerSecond: 0.5, burst: 1 }, headroom: 0 } });
    await slow.getTime();
    const controller = new AbortController();
    const waiting = slow.getTime({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await failure(waiting, AbortedError);
    expect(error.requestSent).toBe(false);
  });

  it('UnexpectedResponseError for a 2xx body that is not JSON', async () => {
    // The simulator always answers JSON; this one case uses a stand-in transport, on purpose.
    const garbled = new CoinbaseExchangeClient({
      baseUrl: simulator.restUrl,
      rateLimit: false,
      transport: { send: async () => ({ status: 200, body: '<html>', header: () => undefined }) },
    });
    const error = await failure(garbled.getTime(), UnexpectedResponseError);
    expect(error).toMatchObject({ status: 200, path: '/time' });
  });
});
