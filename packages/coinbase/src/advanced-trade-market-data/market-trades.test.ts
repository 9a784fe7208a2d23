import { describe, expect, it } from 'vitest';
import { MarketTradeTape, tradeFromMarketTrade } from './market-trades.js';

const trade = (trade_id: string, time: string, side: 'BUY' | 'SELL' = 'BUY') => ({
  trade_id,
  product_id: 'BTC-USD',
  price: '50000.5',
  size: '0.01',
  side,
  time,
});

describe('MarketTradeTape', () => {
  it('passes on new trades oldest first and never a snapshot trade or a repeat', () => {
    const tape = new MarketTradeTape();
    tape.remember([trade('12', '2025-01-02T12:00:02Z'), trade('11', '2025-01-02T12:00:01Z')]);
    const fresh = tape.fresh([
      trade('14', '2025-01-02T12:00:04Z'),
      trade('12', '2025-01-02T12:00:02Z'),
      trade('13', '2025-01-02T12:00:03Z'),
    ]);
    expect(fresh.map((entry) => entry.trade_id)).toEqual(['13', '14']);
    expect(tape.fresh([trade('14', '2025-01-02T12:00:04Z')])).toEqual([]);
    // Ids compare as numbers, not text.
    expect(tape.fresh([trade('100', '2025-01-02T12:00:05Z')]).map((entry) => entry.trade_id)).toEqual([
      '100',
    ]);
  });

  it('remembers ids that are not numbers and orders them by time', () => {
    const tape = new MarketTradeTape();
    const fresh = tape.fresh([trade('b-2', '2025-01-02T12:00:02Z'), trade('a-1', '2025-01-02T12:00:01Z')]);
    expect(fresh.map((entry) => entry.trade_id)).toEqual(['a-1', 'b-2']);
    expect(tape.fresh([trade('a-1', '2025-01-02T12:00:01Z')])).toEqual([]);
  });
});

describe('tradeFromMarketTrade', () => {
  it("keeps Advanced Trade's side as the taker's and the price and size exact", () => {
    const mapped = tradeFromMarketTrade(trade('7', '2025-01-02T12:00:00.123456Z', 'SELL'), 0);
    expect(mapped).toMatchObject({ productId: 'BTC-USD', tradeId: '7', takerSide: 'sell' });
    expect(mapped.price.toFixed()).toBe('50000.5');
    expect(mapped.size.toFixed()).toBe('0.01');
    expect(mapped.time).toBe(Date.parse('2025-01-02T12:00:00.123Z'));
  });

  it('throws a typed error for a price that is not a decimal', () => {
    expect(() => tradeFromMarketTrade({ ...trade('7', '2025-01-02T12:00:00Z'), price: 'abc' }, 0)).toThrow(
      /price/,
    );
  });
});
