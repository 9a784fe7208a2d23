import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { createExchangeCredentials } from '@tradeloop/auth';
import { CoinbaseExchangeClient } from '@tradeloop/rest';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../test/support/config-refusal.js';
import { preflight } from './preflight.js';

let simulator: RunningSimulator;
const clients: CoinbaseExchangeClient[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, market: { enabled: false } });
});
afterAll(async () => {
  for (const client of clients) client.close();
  await simulator.stop();
});

function clientWith(overrides: Partial<RunningSimulator['credentials']> = {}, baseUrl = simulator.restUrl) {
  const client = new CoinbaseExchangeClient({
    baseUrl,
    credentials: createExchangeCredentials({ ...simulator.credentials, ...overrides }),
    retry: false,
  });
  clients.push(client);
  return client;
}

describe('preflight against the simulator', () => {
  it('returns the requested products as the venue lists them', async () => {
    const result = await preflight(clientWith(), ['ETH-USD', 'BTC-USD'], 'the simulator');
    expect(result.products.map((product) => [product.id, product.quote_increment])).toEqual([
      ['ETH-USD', '0.01'],
      ['BTC-USD', '0.01'],
    ]);
  });

  it('names an unknown product and lists the ones on offer', async () => {
    const message = await refusal(preflight(clientWith(), ['BTC-USD', 'DOGE-EUR'], 'the simulator'));
    expect(message).toBe(
      'Product DOGE-EUR is not offered by the simulator; choose from BTC-USD, ETH-BTC, ETH-USD with --products.',
    );
  });

  it('refuses a product that is not trading', async () => {
    simulator.exchange.setProductModes('ETH-BTC', { cancelOnly: true });
    try {
      const message = await refusal(preflight(clientWith(), ['ETH-BTC'], 'the simulator'));
      expect(message).toContain('Product ETH-BTC is not trading on the simulator right now');
    } finally {
      simulator.exchange.setProductModes('ETH-BTC', { cancelOnly: false });
    }
  });

  it.each<[Partial<RunningSimulator['credentials']>, string]>([
    [
      { apiSecret: randomBytes(64).toString('base64') },
      'COINBASE_API_SECRET does not belong to COINBASE_API_KEY',
    ],
    [{ passphrase: 'not the passphrase' }, 'The simulator refused COINBASE_API_PASSPHRASE'],
    [{ apiKey: randomBytes(16).toString('hex') }, 'The simulator does not know the key in COINBASE_API_KEY'],
  ])('turns refused credentials into one sentence naming the variable %#', async (overrides, expected) => {
    const message = await refusal(preflight(clientWith(overrides), ['BTC-USD'], 'the simulator'));
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
    for (const secret of [
      simulator.credentials.apiSecret,
      simulator.credentials.passphrase,
      overrides.passphrase,
    ]) {
      if (secret !== undefined) expect(message).not.toContain(secret);
    }
  });

  it('says when the key lacks the permission to read balances', async () => {
    const viewless = simulator.createApiKey({ permissions: [] });
    const message = await refusal(preflight(clientWith(viewless), ['BTC-USD'], 'the simulator'));
    expect(message).toContain('give the key the view and trade permissions');
  });

  it('says when the venue cannot be reached', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const message = await refusal(
      preflight(
        clientWith({}, `http://127.0.0.1:${closedPort}`),
        ['BTC-USD'],
        'the server at COINBASE_REST_URL',
      ),
    );
    expect(message).toMatch(/^Could not reach the server at COINBASE_REST_URL \(.+\); check the network/);
  });
});
