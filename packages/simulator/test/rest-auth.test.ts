import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { TestRestClient } from './support/rest.js';
import { authHeaders, sign } from './support/signing.js';

// REST authentication over real HTTP: every failure's status and exact message, public routes
// that ignore auth headers, permissions and several keys on separate profiles.
let simulator: RunningSimulator;
let client: TestRestClient;

beforeAll(async () => {
  simulator = await startSimulator({ rateLimits: false, market: { enabled: false } });
  client = new TestRestClient(simulator.restUrl, simulator.credentials);
});

afterAll(async () => {
  client.close();
  await simulator.stop();
});

const now = () => String(Math.floor(Date.now() / 1000));

describe('REST authentication', () => {
  it('accepts integer and decimal timestamps', async () => {
    expect((await client.get('/accounts', { timestamp: now() })).status).toBe(200);
    expect((await client.get('/accounts', { timestamp: (Date.now() / 1000).toFixed(3) })).status).toBe(200);
  });

  it('signs the raw query and the raw body exactly as sent', async () => {
    expect((await client.get('/orders?status=open&status=pending&limit=5')).status).toBe(200);
    const body = '{ "product_id" : "BTC-USD", "side": "buy", "price": "1000.00", "size": "0.01" }';
    const placed = await client.post('/orders', body);
    expect(placed.status).toBe(200);
    // Signed one query, sent another: invalid signature.
    const headers = authHeaders(simulator.credentials, 'GET', '/orders?status=open');
    const mismatch = await client.raw('GET', '/orders?status=done', '', headers);
    expect(mismatch.status).toBe(401);
    expect(mismatch.body).toEqual({ message: 'invalid signature' });
  });

  it.each([
    ['CB-ACCESS-KEY', 'CB-ACCESS-KEY header is required'],
    ['CB-ACCESS-SIGN', 'CB-ACCESS-SIGN header is required'],
    ['CB-ACCESS-TIMESTAMP', 'CB-ACCESS-TIMESTAMP header is required'],
    ['CB-ACCESS-PASSPHRASE', 'CB-ACCESS-PASSPHRASE header is required'],
  ])('401 when %s is missing', async (header, message) => {
    const headers = authHeaders(simulator.credentials, 'GET', '/accounts');
    delete headers[header];
    const response = await client.raw('GET', '/accounts', '', headers);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ message });
  });

  it('401 with Coinbase texts for a bad key, passphrase, signature or timestamp', async () => {
    const credentials = simulator.credentials;
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'CB-ACCESS-KEY': 'f'.repeat(32) }, 'Invalid API Key'],
      [{ 'CB-ACCESS-PASSPHRASE': 'not-it' }, 'Invalid Passphrase'],
      [
        { 'CB-ACCESS-SIGN': sign(Buffer.alloc(64, 1).toString('base64'), now(), 'GET', '/accounts') },
        'invalid signature',
      ],
      [{ 'CB-ACCESS-TIMESTAMP': 'soon' }, 'invalid timestamp'],
    ];
    for (const [override, message] of cases) {
      const headers = { ...authHeaders(credentials, 'GET', '/accounts'), ...override };
      const response = await client.raw('GET', '/accounts', '', headers);
      expect(response.status, message).toBe(401);
      expect(response.body).toEqual({ message });
    }
    for (const offsetSeconds of [-31, 31]) {
      const stale = String(Math.floor(Date.now() / 1000) + offsetSeconds);
      const response = await client.get('/accounts', { timestamp: stale });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ message: 'request timestamp expired' });
    }
  });

  it('public routes ignore auth headers, even empty or wrong ones', async () => {
    const junk = {
      'CB-ACCESS-KEY': '',
      'CB-ACCESS-SIGN': 'garbage',
      'CB-ACCESS-TIMESTAMP': 'NaN',
      'CB-ACCESS-PASSPHRASE': '',
    };
    for (const target of ['/time', '/products', '/products/BTC-USD/book?level=2', '/currencies']) {
      const response = await client.raw('GET', target, '', junk);
      expect(response.status, target).toBe(200);
    }
    // bennycode sends a `{}` body with its GET /time.
    expect((await client.raw('GET', '/time', '{}', { 'Content-Type': 'application/json' })).status).toBe(200);
  });

  it('403 Forbidden when the key lacks the permission', async () => {
    const viewOnly = new TestRestClient(
      simulator.restUrl,
      simulator.createApiKey({ permissions: ['view'], profileId: simulator.profileId }),
    );
    try {
      expect((await viewOnly.get('/accounts')).status).toBe(200);
      const order = await viewOnly.post('/orders', {
        product_id: 'BTC-USD',
        side: 'buy',
        price: '1000.00',
        size: '0.01',
      });
      expect(order.status).toBe(403);
      expect(order.body).toEqual({ message: 'Forbidden' });
      expect((await viewOnly.delete('/orders')).status).toBe(403);
    } finally {
      viewOnly.close();
    }
  });

  it('keeps several keys and profiles apart', async () => {
    const alice = simulator.createApiKey({ balances: { USD: '500' } });
    const bob = simulator.createApiKey({ balances: { USD: '700' } });
    const sharedWithAlice = simulator.createApiKey({ profileId: alice.profileId });
    const [aliceClient, bobClient, sharedClient] = [alice, bob, sharedWithAlice].map(
      (credentials) => new TestRestClient(simulator.restUrl, credentials),
    ) as [TestRestClient, TestRestClient, TestRestClient];
    try {
      const usdOf = async (each: TestRestClient) => {
        const accounts = (await each.get('/accounts')).body as Array<Record<string, string>>;
        return accounts.find((account) => account.currency === 'USD')?.balance;
      };
      expect(await usdOf(aliceClient)).toBe('500.0000000000000000');
      expect(await usdOf(bobClient)).toBe('700.0000000000000000');
      expect(await usdOf(sharedClient)).toBe('500.0000000000000000');
      const placed = await aliceClient.post('/orders', {
        product_id: 'BTC-USD',
        side: 'buy',
        price: '1000.00',
        size: '0.01',
      });
      const id = (placed.body as { id: string }).id;
      expect((await bobClient.get(`/orders/${id}`)).status).toBe(404);
      expect((await sharedClient.get(`/orders/${id}`)).status).toBe(200);
      // Alice's secret does not sign for Bob's key.
      const forged = {
        ...authHeaders(alice, 'GET', '/accounts'),
        'CB-ACCESS-KEY': bob.apiKey,
        'CB-ACCESS-PASSPHRASE': bob.passphrase,
      };
      expect((await client.raw('GET', '/accounts', '', forged)).body).toEqual({
        message: 'invalid signature',
      });
    } finally {
      for (const each of [aliceClient, bobClient, sharedClient]) each.close();
    }
  });

  it('refuses an unknown profileId in createApiKey', () => {
    expect(() => simulator.createApiKey({ profileId: 'nope' })).toThrow(/profileId/);
  });
});

describe('auth options', () => {
  it('uses 400 for auth failures when asked (older Coinbase captures)', async () => {
    const legacy = await startSimulator({ authFailureStatus: 400, market: { enabled: false } });
    const legacyClient = new TestRestClient(legacy.restUrl, { ...legacy.credentials, passphrase: 'wrong' });
    try {
      const response = await legacyClient.get('/accounts');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message: 'Invalid Passphrase' });
    } finally {
      legacyClient.close();
      await legacy.stop();
    }
  });

  it('accepts a query signed with another encoding only in lenient mode', async () => {
    const lenient = await startSimulator({ querySigningMode: 'lenient', market: { enabled: false } });
    const lenientClient = new TestRestClient(lenient.restUrl);
    try {
      // Signed the querystring way, sent the axios way (bennycode #471).
      const headers = authHeaders(lenient.credentials, 'GET', '/orders?status=open&status=pending');
      expect(
        (await lenientClient.raw('GET', '/orders?status[]=open&status[]=pending', '', headers)).status,
      ).toBe(200);
      const strictHeaders = authHeaders(simulator.credentials, 'GET', '/orders?status=open&status=pending');
      expect(
        (await client.raw('GET', '/orders?status[]=open&status[]=pending', '', strictHeaders)).status,
      ).toBe(401);
    } finally {
      lenientClient.close();
      await lenient.stop();
    }
  });
});
