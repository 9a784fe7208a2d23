import type { AdvancedTradeProduct } from '@tradeloop/rest';
import { productRulesFromWire } from '@tradeloop/strategy-kit';
import { describe, expect, it } from 'vitest';
import { exchangeProductOf } from './product-wire.js';

const product = (overrides: Partial<AdvancedTradeProduct> = {}) =>
  ({
    product_id: 'BTC-USD',
    price: '50000',
    price_percentage_change_24h: '0',
    volume_24h: '1',
    base_increment: '0.00000001',
    quote_increment: '0.00000001',
    quote_min_size: '1',
    quote_max_size: '1000000',
    base_min_size: '0.00000001',
    base_max_size: '1000',
    base_name: 'Bitcoin',
    quote_name: 'US Dollar',
    is_disabled: false,
    status: 'online',
    cancel_only: false,
    limit_only: false,
    post_only: false,
    trading_disabled: false,
    auction_mode: false,
    product_type: 'SPOT',
    quote_currency_id: 'USD',
    base_currency_id: 'BTC',
    mid_market_price: '50000',
    price_increment: '0.01',
    display_name: 'BTC-USD',
    ...overrides,
  }) as AdvancedTradeProduct;

describe('exchangeProductOf', () => {
  it("takes the price tick from price_increment (Advanced Trade's quote_increment is for funds)", () => {
    const rules = productRulesFromWire(exchangeProductOf(product()));
    expect(rules).toMatchObject({
      id: 'BTC-USD',
      baseCurrency: 'BTC',
      quoteCurrency: 'USD',
      status: 'online',
    });
    expect(rules.quoteIncrement.toFixed()).toBe('0.01');
    expect(rules.baseIncrement.toFixed()).toBe('0.00000001');
    expect(rules.minMarketFunds.toFixed()).toBe('1');
  });

  it('makes a disabled product or an unknown status offline, saying which', () => {
    expect(exchangeProductOf(product({ is_disabled: true }))).toMatchObject({
      status: 'offline',
      trading_disabled: true,
      status_message: 'Advanced Trade status online, disabled',
    });
    expect(exchangeProductOf(product({ status: 'STATUS_MAINTENANCE' }))).toMatchObject({
      status: 'offline',
      status_message: 'Advanced Trade status STATUS_MAINTENANCE',
    });
  });
});
