import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRODUCTS, type ProductConfig, type RunningSimulator, startSimulator } from './index.js';

let running: RunningSimulator | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('startSimulator products', () => {
  it('lists catalog ids and configurations of your own, in the order given', async () => {
    const solana: ProductConfig = {
      id: 'SOL-USD',
      baseCurrency: 'SOL',
      quoteCurrency: 'USD',
      quoteIncrement: '0.01',
      baseIncrement: '0.001',
      minMarketFunds: '1',
      startingPrice: '142.50',
    };
    running = await startSimulator({ port: 0, products: ['ETH-USD', solana], market: { enabled: false } });
    const listed = (await (await fetch(`${running.restUrl}/products`)).json()) as Array<
      Record<string, unknown>
    >;
    expect(listed.map((product) => product.id)).toEqual(['ETH-USD', 'SOL-USD']);
    expect(listed[1]).toMatchObject({
      base_currency: 'SOL',
      quote_currency: 'USD',
      quote_increment: '0.01',
      base_increment: '0.001',
      min_market_funds: '1',
    });
    expect(DEFAULT_PRODUCTS.map((product) => product.id)).not.toContain('SOL-USD');
  });

  it('refuses an id outside the catalog with a typed error naming the option', async () => {
    await expect(startSimulator({ port: 0, products: ['DOGE-USD'] })).rejects.toMatchObject({
      code: 'invalid_simulator_option',
      option: 'products',
      message: expect.stringContaining('received "DOGE-USD"'),
    });
  });
});
