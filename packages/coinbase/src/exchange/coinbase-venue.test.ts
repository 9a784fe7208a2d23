import { createExchangeCredentials } from '@tradeloop/auth';
import { sleep, systemClock } from '@tradeloop/clock';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { clientOrderId, ExactDecimal, productId, VenueRejectedError } from '@tradeloop/strategy-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coinbaseEndpoints } from '../endpoints.js';
import { InvalidFillCursorError, VenueEnvironmentRequiredError } from '../errors.js';
import { type CoinbaseVenue, createCoinbaseVenue } from './coinbase-venue.js';

let sim: RunningSimulator;
let venue: CoinbaseVenue;
const btcUsd = productId('BTC-USD');

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 3,
    rateLimits: false,
    market: { enabled: true, speed: 5 },
    balances: { USD: '100000', BTC: '10' },
  });
  venue = createCoinbaseVenue({
    credentials: createExchangeCredentials(sim.credentials),
    restUrl: sim.restUrl,
    feedUrl: sim.wsUrl,
    rest: { rateLimit: false },
  });
});

afterAll(async () => {
  await venue?.close();
  await sim?.stop();
});

describe('CoinbaseVenue.fillsSince (against the simulator)', () => {
  it('answers with no fills and no cursor before the first fill, and refuses a cursor it did not hand out', async () => {
    expect(await venue.fillsSince({ productId: btcUsd, since: 0 })).toEqual({ fills: [], cursor: undefined });
    const refused = await venue.fillsSince({ productId: btcUsd, after: 'page-2' }).catch((error) => error);
    expect(InvalidFillCursorError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ code: 'invalid_fill_cursor', cursor: 'page-2' });
    expect(VenueRejectedError.isInstance(refused)).toBe(false);
  });

  it('hands out the newest trade id as the cursor, and after it returns only newer fills', async () => {
    const taker = await venue.placeOrder({
      clientOrderId: clientOrderId('00000000-0000-4000-8000-00000000c0de'),
      productId: btcUsd,
      side: 'buy',
      type: 'market',
      size: new ExactDecimal('0.01'),
    });
    expect(taker.orderId).toBeDefined();
    let page = await venue.fillsSince({ productId: btcUsd, since: 0 });
    for (let attempt = 0; page.fills.length === 0 && attempt < 50; attempt += 1) {
      await sleep(systemClock, 20);
      page = await venue.fillsSince({ productId: btcUsd, since: 0 });
    }
    expect(page.fills.length).toBeGreaterThan(0);
    expect(page.cursor).toBe(String(page.fills.at(-1)?.tradeId));
    const after = await venue.fillsSince({ productId: btcUsd, after: page.cursor as string });
    expect(after).toEqual({ fills: [], cursor: page.cursor });
  });
});

describe('createCoinbaseVenue chooses no exchange by itself', () => {
  const credentials = createExchangeCredentials({
    apiKey: '0123456789abcdef0123456789abcdef',
    apiSecret: Buffer.alloc(64, 7).toString('base64'),
    passphrase: 'not-a-real-passphrase',
  });

  it.each([
    [{}, /received no restUrl and no feedUrl/],
    [{ sandbox: false }, /received sandbox: false and no restUrl and no feedUrl/],
    [{ restUrl: 'http://127.0.0.1:1' }, /received no feedUrl/],
    [{ feedUrl: 'ws://127.0.0.1:1' }, /received no restUrl/],
  ])('refuses credentials with %j, saying how to choose', (where, received) => {
    let caught: unknown;
    try {
      createCoinbaseVenue({ credentials, ...where });
    } catch (error) {
      caught = error;
    }
    expect(VenueEnvironmentRequiredError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(received);
    expect((caught as Error).message).toMatch(/sandbox: true .*coinbaseEndpoints\.exchange\.production/);
  });

  it('takes the sandbox, or both URLs (production named explicitly)', async () => {
    const sandbox = createCoinbaseVenue({ credentials, sandbox: true });
    expect(sandbox.client.baseUrl).toBe(coinbaseEndpoints.exchange.sandbox.restUrl);
    expect(sandbox.feed.url).toBe(coinbaseEndpoints.exchange.sandbox.feedUrl);
    const production = createCoinbaseVenue({ credentials, ...coinbaseEndpoints.exchange.production });
    expect(production.client.baseUrl).toBe(coinbaseEndpoints.exchange.production.restUrl);
    expect(production.feed.url).toBe(coinbaseEndpoints.exchange.production.feedUrl);
    await Promise.all([sandbox.close(), production.close()]);
  });
});
