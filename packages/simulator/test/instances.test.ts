import { describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import { TestRestClient } from './support/rest.js';

// Several simulators in one process share nothing: ports, keys, books, balances and faults.
describe('several instances in one process', () => {
  it('keep their own ports, keys, books, balances and faults', async () => {
    const first = await startSimulator({ market: { enabled: false }, balances: { USD: '1000' } });
    const second = await startSimulator({
      market: { enabled: false },
      balances: { USD: '2000' },
      faults: { serverErrorRate: 1 },
    });
    const firstClient = new TestRestClient(first.restUrl, first.credentials);
    const secondClient = new TestRestClient(second.restUrl, second.credentials);
    const crossed = new TestRestClient(second.restUrl, first.credentials);
    try {
      expect(first.restUrl).not.toBe(second.restUrl);
      const placed = await firstClient.post('/orders', {
        product_id: 'BTC-USD',
        side: 'buy',
        price: '100.00',
        size: '0.1',
      });
      expect(placed.status).toBe(200);
      expect((first.exchange.book('BTC-USD', 2) as { value: { bids: unknown[] } }).value.bids).toHaveLength(
        1,
      );
      expect((second.exchange.book('BTC-USD', 2) as { value: { bids: unknown[] } }).value.bids).toHaveLength(
        0,
      );
      // The second instance's faults do not reach the first; its keys are not the first's.
      expect((await secondClient.get('/accounts')).status).toBeGreaterThanOrEqual(500);
      second.setFaults('none');
      const balances = (await secondClient.get('/accounts')).body as Array<{
        currency: string;
        balance: string;
      }>;
      expect(balances.find((account) => account.currency === 'USD')?.balance).toBe('2000.0000000000000000');
      expect((await crossed.get('/accounts')).body).toEqual({ message: 'Invalid API Key' });
      expect(first.faultStats().serverErrors).toBe(0);
      await first.stop();
      expect((await secondClient.get('/time')).status).toBe(200);
    } finally {
      for (const client of [firstClient, secondClient, crossed]) client.close();
      await first.stop();
      await second.stop();
    }
  });
});
