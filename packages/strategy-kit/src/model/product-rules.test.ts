import { describe, expect, it } from 'vitest';
import { InvalidProductError } from '../errors.js';
import { btcUsdWire } from './__fixtures__/products.js';
import { productRulesFromWire, quantizePrice, quantizeSize, untradableReason } from './product-rules.js';

describe('productRulesFromWire', () => {
  it('reads a /products object', () => {
    const rules = productRulesFromWire(btcUsdWire);
    expect(rules.id).toBe('BTC-USD');
    expect(rules.baseCurrency).toBe('BTC');
    expect(rules.quoteCurrency).toBe('USD');
    expect(rules.baseIncrement.toFixed()).toBe('0.00000001');
    expect(rules.quoteIncrement.toFixed()).toBe('0.01');
    expect(rules.minMarketFunds.toFixed()).toBe('1');
    expect(rules.status).toBe('online');
    expect(untradableReason(rules, { type: 'market' })).toBeUndefined();
  });

  it('names the field at fault', () => {
    expect(() => productRulesFromWire({ ...btcUsdWire, base_increment: '0' })).toThrow(
      /BTC-USD.base_increment: expected a positive/,
    );
    expect(() => productRulesFromWire({ ...btcUsdWire, quote_increment: 0.01 })).toThrow(
      /BTC-USD.quote_increment: expected a non-empty string, received a number/,
    );
    expect(() => productRulesFromWire({ ...btcUsdWire, status: 'weird' })).toThrow(InvalidProductError);
    expect(() => productRulesFromWire({ ...btcUsdWire, id: 'btc_usd' })).toThrow(/expected BASE-QUOTE/);
    expect(() => productRulesFromWire(null)).toThrow(/expected a product object, received null/);
  });

  it('reports why a product refuses an order', () => {
    const rules = (patch: Record<string, unknown>) => productRulesFromWire({ ...btcUsdWire, ...patch });
    expect(untradableReason(rules({ status: 'offline' }), { type: 'limit' })).toBe('status offline');
    expect(untradableReason(rules({ trading_disabled: true }), { type: 'limit' })).toBe('trading_disabled');
    expect(untradableReason(rules({ cancel_only: true }), { type: 'limit' })).toBe('cancel_only');
    expect(untradableReason(rules({ limit_only: true }), { type: 'market' })).toBe('limit_only');
    expect(untradableReason(rules({ limit_only: true }), { type: 'limit' })).toBeUndefined();
    expect(untradableReason(rules({ post_only: true }), { type: 'limit' })).toBe('post_only');
    expect(untradableReason(rules({ post_only: true }), { type: 'limit', postOnly: true })).toBeUndefined();
  });

  it('quantizes prices by side and sizes down', () => {
    const rules = productRulesFromWire(btcUsdWire);
    expect(quantizePrice(rules, '100.019', 'buy').toFixed()).toBe('100.01');
    expect(quantizePrice(rules, '100.011', 'sell').toFixed()).toBe('100.02');
    expect(quantizePrice(rules, '100.016', 'buy', 'nearest').toFixed()).toBe('100.02');
    expect(quantizeSize(rules, '0.123456789').toFixed()).toBe('0.12345678');
  });
});
