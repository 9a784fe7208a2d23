import { createHmac, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { AdvancedTradeTestClient, signJwt } from './support/advanced-trade.js';
import { authHeaders } from './support/signing.js';

// The Advanced Trade JWT check over real loopback HTTP: what it accepts, what it refuses, and how.
let simulator: RunningSimulator;
let client: AdvancedTradeTestClient;
const accounts = '/api/v3/brokerage/accounts';

beforeAll(async () => {
  simulator = await startSimulator({ rateLimits: false, market: { enabled: false } });
  client = new AdvancedTradeTestClient(simulator.restUrl, simulator.advancedTrade);
});

afterAll(() => simulator.stop());

async function expectUnauthorized(
  promise: Promise<{ status: number; text: string; contentType: string | null }>,
) {
  const response = await promise;
  expect(response.status).toBe(401);
  expect(response.text).toBe('Unauthorized\n');
  expect(response.contentType).toMatch(/^text\/plain/);
}

describe('Advanced Trade JWT verification', () => {
  it('accepts a fresh ES256 token bound to the method, host and path', async () => {
    const response = await client.get(accounts);
    expect(response.status).toBe(200);
    expect(response.body.accounts.length).toBeGreaterThan(0);
  });

  it('accepts both issuers, an audience, api.coinbase.com and http:// in the uri (ccxt against plain http)', async () => {
    for (const iss of ['cdp', 'coinbase-cloud'])
      expect((await client.get(accounts, { iss })).status).toBe(200);
    expect((await client.get(accounts, { aud: ['retail_rest_api_proxy'] })).status).toBe(200);
    expect((await client.get(accounts, { uri: `GET api.coinbase.com${accounts}` })).status).toBe(200);
    expect((await client.get(accounts, { uri: `GET http://${client.host}${accounts}` })).status).toBe(200);
  });

  it('ignores the query when binding (uri without query) but refuses a claim that carries it', async () => {
    expect((await client.get(`${accounts}?limit=1`)).status).toBe(200);
    await expectUnauthorized(
      client.get(`${accounts}?limit=1`, { uri: `GET ${client.host}${accounts}?limit=1` }),
    );
  });

  it('refuses expired, not-yet-valid, over-long, wrong-issuer and mis-bound tokens with a bare 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectUnauthorized(client.get(accounts, { nbf: now - 300, exp: now - 180 }));
    await expectUnauthorized(client.get(accounts, { nbf: now + 120, exp: now + 240 }));
    await expectUnauthorized(client.get(accounts, { nbf: now, exp: now + 3600 }));
    await expectUnauthorized(client.get(accounts, { iss: 'someone' }));
    await expectUnauthorized(client.get(accounts, { uri: `POST ${client.host}${accounts}` }));
    await expectUnauthorized(client.get(accounts, { uri: `GET ${client.host}/api/v3/brokerage/portfolios` }));
    await expectUnauthorized(client.get(accounts, { uri: null }));
    await expectUnauthorized(client.get(accounts, { sub: 'organizations/x/apiKeys/y' }));
    await expectUnauthorized(client.get(accounts, { alg: 'HS256' }));
  });

  it('tolerates 30 s of clock difference on nbf and exp', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await client.get(accounts, { nbf: now + 20, exp: now + 140 })).status).toBe(200);
    expect((await client.get(accounts, { nbf: now - 130, exp: now - 10 })).status).toBe(200);
  });

  it('refuses a token signed by another key under a known key name, and an unknown key name', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
      type: 'sec1',
      format: 'pem',
    }) as string;
    const forged = new AdvancedTradeTestClient(simulator.restUrl, {
      keyName: simulator.advancedTrade.keyName,
      privateKey: stranger,
    });
    await expectUnauthorized(forged.get(accounts));
    const unknown = new AdvancedTradeTestClient(simulator.restUrl, {
      keyName:
        'organizations/00000000-0000-0000-0000-000000000000/apiKeys/00000000-0000-0000-0000-000000000000',
      privateKey: stranger,
    });
    await expectUnauthorized(unknown.get(accounts));
  });

  it('refuses an Exchange key on Advanced Trade and a CDP JWT on the Exchange API', async () => {
    const anonymous = new AdvancedTradeTestClient(simulator.restUrl);
    const headers = authHeaders(simulator.credentials, 'GET', accounts, '');
    await expectUnauthorized(anonymous.request('GET', accounts, undefined, undefined, headers));
    const token = signJwt(simulator.advancedTrade, `GET ${client.host}/accounts`);
    const exchange = await fetch(`${simulator.restUrl}/accounts`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(exchange.status).toBe(401);
  });

  it('accepts a legacy HMAC key (hex over timestamp + method + path + body, query-less, bare ? or full)', async () => {
    const legacy = simulator.createLegacyAdvancedTradeKey({ profileId: simulator.profileId });
    const anonymous = new AdvancedTradeTestClient(simulator.restUrl);
    const signed = (path: string, timestamp = Math.floor(Date.now() / 1000), secret = legacy.apiSecret) => ({
      'CB-ACCESS-KEY': legacy.apiKey,
      'CB-ACCESS-TIMESTAMP': String(timestamp),
      'CB-ACCESS-SIGN': createHmac('sha256', secret).update(`${timestamp}GET${path}`).digest('hex'),
    });
    for (const path of [accounts, `${accounts}?`, `${accounts}?limit=1`]) {
      expect(
        (await anonymous.request('GET', `${accounts}?limit=1`, undefined, undefined, signed(path))).status,
      ).toBe(200);
    }
    await expectUnauthorized(
      anonymous.request(
        'GET',
        accounts,
        undefined,
        undefined,
        signed(accounts, Math.floor(Date.now() / 1000) - 120),
      ),
    );
    await expectUnauthorized(
      anonymous.request('GET', accounts, undefined, undefined, signed(accounts, undefined, 'wrong')),
    );
    await expectUnauthorized(
      anonymous.request('GET', accounts, undefined, undefined, signed('/api/v3/brokerage/portfolios')),
    );
  });

  it('serves public market data without any token, even with a bad one', async () => {
    const anonymous = new AdvancedTradeTestClient(simulator.restUrl);
    expect((await anonymous.get('/api/v3/brokerage/time')).status).toBe(200);
    expect((await anonymous.get('/api/v3/brokerage/market/products')).status).toBe(200);
    const response = await anonymous.request(
      'GET',
      '/api/v3/brokerage/market/products/BTC-USD',
      undefined,
      undefined,
      {
        Authorization: 'Bearer not-a-token',
      },
    );
    expect(response.status).toBe(200);
    expect(response.body.product_id).toBe('BTC-USD');
  });

  it('answers 403 PERMISSION_DENIED when the key lacks the trade scope', async () => {
    const viewOnly = simulator.createCdpKey({ permissions: ['view'], balances: { USD: '100' } });
    const viewer = new AdvancedTradeTestClient(simulator.restUrl, viewOnly);
    expect((await viewer.get(accounts)).status).toBe(200);
    const refused = await viewer.post('/api/v3/brokerage/orders', {});
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: 'PERMISSION_DENIED',
      error_details: 'Missing required scopes',
      message: 'Missing required scopes',
    });
  });
});
