import { MemoryJournal } from '@tradeloop/strategy-kit';
import { describe, expect, it } from 'vitest';
import { historyRecords } from './history-journal.js';

describe('historyRecords', () => {
  it('rebuilds the journal of a summary: every order with its id, fills and final status', () => {
    const records = historyRecords({
      orders: {
        placed: [
          {
            clientOrderId: 'a',
            productId: 'BTC-USD',
            side: 'buy',
            orderType: 'limit',
            price: '100.5',
            size: '0.002',
            orderId: 'venue-a',
            status: 'filled',
          },
          {
            clientOrderId: 'b',
            productId: 'BTC-USD',
            side: 'sell',
            orderType: 'limit',
            price: '101',
            size: '0.001',
            status: 'open',
            orderId: 'venue-b',
          },
        ],
      },
      fills: [
        {
          tradeId: '7',
          orderId: 'venue-a',
          clientOrderId: 'a',
          productId: 'BTC-USD',
          side: 'buy',
          price: '100.5',
          size: '0.002',
          fee: '0.01',
          liquidity: 'maker',
        },
      ],
    });
    const journal = new MemoryJournal();
    for (const record of records) journal.append(record);
    const replay = journal.replay();
    expect(replay.orders.get('a' as never)?.fills.map((fill) => fill.tradeId)).toEqual(['7']);
    expect(replay.orders.get('a' as never)?.finalStatus).toEqual({ status: 'filled' });
    expect(replay.orders.get('b' as never)?.finalStatus).toBeUndefined();
    expect(replay.orders.get('b' as never)?.orderId).toBe('venue-b');
  });
});
