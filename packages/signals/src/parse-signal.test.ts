import { describe, expect, it } from 'vitest';
import { InvalidSignalError } from './errors.js';
import { parseJsonKeepingNumbers } from './json-text.js';
import { parseSignal } from './parse-signal.js';
import { productIdForTicker } from './product-mapping.js';

const options = { productIds: ['BTC-USD', 'ETH-USDC'], source: 'webhook' };
const at = '2026-01-05T12:00:00Z';
const atMs = Date.UTC(2026, 0, 5, 12, 0, 0);

function refusal(body: unknown): { field: string; message: string } {
  try {
    parseSignal(body, options);
  } catch (error) {
    if (InvalidSignalError.isInstance(error)) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseSignal: the plain fields', () => {
  it('reads a market buy with a size, and a limit sell with a quote size and a price', () => {
    const buy = parseSignal(
      { id: 'a-1', timestamp: at, product_id: 'BTC-USD', action: 'buy', type: 'market', size: '0.01' },
      options,
    );
    expect(buy).toMatchObject({ id: 'a-1', time: atMs, productId: 'BTC-USD', action: 'buy', type: 'market' });
    expect(buy.size?.toFixed()).toBe('0.01');
    const sell = parseSignal(
      {
        id: 'a-2',
        timestamp: '1767614400',
        product_id: 'BTC-USD',
        action: 'SELL',
        type: 'limit',
        quote_size: '250',
        price: '95000.5',
      },
      options,
    );
    expect(sell).toMatchObject({ action: 'sell', type: 'limit', time: atMs });
    expect(sell.quoteSize?.toFixed()).toBe('250');
    expect(sell.price?.toFixed()).toBe('95000.5');
  });

  it('names the first bad field, saying what was expected and what came', () => {
    expect(refusal('buy')).toMatchObject({ field: 'body' });
    expect(
      refusal({ timestamp: at, product_id: 'BTC-USD', action: 'buy', size: '0.01', id: ' bad id ' }),
    ).toMatchObject({ field: 'id' });
    expect(refusal({ product_id: 'BTC-USD', action: 'buy', size: '0.01' })).toMatchObject({
      field: 'timestamp',
    });
    expect(
      refusal({ timestamp: 'yesterday', product_id: 'BTC-USD', action: 'buy', size: '1' }).message,
    ).toContain('expected ISO 8601 with a zone');
    expect(refusal({ timestamp: at, action: 'buy', size: '1' })).toMatchObject({ field: 'product_id' });
    expect(refusal({ timestamp: at, product_id: 'BTC-USD', action: 'hold', size: '1' })).toMatchObject({
      field: 'action',
      message: 'action: expected one of buy, sell, close, cancel_all, received "hold"',
    });
    expect(
      refusal({ timestamp: at, product_id: 'BTC-USD', action: 'buy', type: 'stop', size: '1' }),
    ).toMatchObject({ field: 'type' });
    expect(refusal({ timestamp: at, product_id: 'BTC-USD', action: 'buy', size: '-1' })).toMatchObject({
      field: 'size',
    });
    expect(refusal({ timestamp: at, product_id: 'BTC-USD', action: 'buy', size: '0' })).toMatchObject({
      field: 'size',
    });
    expect(refusal({ timestamp: at, product_id: 'BTC-USD', action: 'buy' })).toMatchObject({ field: 'size' });
    expect(
      refusal({ timestamp: at, product_id: 'BTC-USD', action: 'buy', size: '1', quote_size: '5' }),
    ).toMatchObject({
      field: 'quote_size',
    });
    expect(
      refusal({ timestamp: at, product_id: 'BTC-USD', action: 'buy', type: 'limit', size: '1' }),
    ).toMatchObject({
      field: 'price',
    });
    expect(refusal({ timestamp: at, product_id: 'BTC-USD', action: 'buy', size: 5 })).toMatchObject({
      field: 'size',
    });
  });

  it('needs no amount for close and cancel_all, and drops the price of a market order', () => {
    const close = parseSignal({ id: 'c', timestamp: at, product_id: 'BTC-USD', action: 'close' }, options);
    expect(close).toEqual({
      id: 'c',
      time: atMs,
      productId: 'BTC-USD',
      action: 'close',
      type: 'market',
      source: 'webhook',
    });
    const market = parseSignal(
      { id: 'm', timestamp: at, product_id: 'BTC-USD', action: 'buy', size: '1', price: '5' },
      options,
    );
    expect(market.price).toBeUndefined();
  });

  it('derives the same id for the same alert, a different one for another time', () => {
    const body = { timestamp: at, ticker: 'BTCUSD', action: 'buy', size: '0.01', secret: 'not part of it' };
    const first = parseSignal(body, options);
    expect(first.id).toMatch(/^derived-[0-9a-f]{24}$/);
    expect(parseSignal({ ...body, secret: 'other' }, options).id).toBe(first.id);
    expect(parseSignal({ ...body, timestamp: '2026-01-05T12:00:01Z' }, options).id).not.toBe(first.id);
    // A signed request's webhook-id is used when the body has no id.
    expect(parseSignal(body, { ...options, id: 'msg_1' }).id).toBe('msg_1');
  });
});

describe('parseSignal: TradingView alerts', () => {
  it('reads the alert template of the README (placeholders filled in, numbers unquoted)', () => {
    const filled = `{
      "secret": "s",
      "timestamp": "2026-01-05T12:00:00Z",
      "ticker": "BTCUSD",
      "action": "buy",
      "size": 0.0015,
      "price": 95012.25,
      "market_position": "long"
    }`;
    const signal = parseSignal(parseJsonKeepingNumbers(filled), options);
    expect(signal).toMatchObject({ productId: 'BTC-USD', action: 'buy', type: 'market' });
    expect(signal.size?.toFixed()).toBe('0.0015');
  });

  it('accepts strategy.order.* fields nested or dotted, and a flat position as close', () => {
    const nested = parseSignal(
      parseJsonKeepingNumbers(
        `{"timestamp":"${at}","ticker":"COINBASE:ETHUSDC","strategy":{"order":{"action":"sell","contracts":0.5,"price":3000}}}`,
      ),
      options,
    );
    expect(nested).toMatchObject({ productId: 'ETH-USDC', action: 'sell', type: 'market' });
    expect(nested.size?.toFixed()).toBe('0.5');
    const dotted = parseSignal(
      {
        timestamp: at,
        ticker: 'BTCUSD',
        'strategy.order.action': 'buy',
        'strategy.order.contracts': '2',
        type: 'limit',
        'strategy.order.price': '100',
      },
      options,
    );
    expect(dotted).toMatchObject({ action: 'buy', type: 'limit' });
    expect(dotted.price?.toFixed()).toBe('100');
    const exit = parseSignal(
      {
        timestamp: at,
        ticker: 'BTCUSD',
        strategy: { order: { action: 'sell', contracts: '1' }, market_position: 'flat' },
      },
      options,
    );
    expect(exit.action).toBe('close');
    expect(
      refusal({ timestamp: at, ticker: 'BTCUSD', strategy: { order: { action: 'short' } } }),
    ).toMatchObject({
      field: 'strategy.order.action',
    });
  });
});

describe('productIdForTicker', () => {
  it("maps tickers onto the bot's products, and others by their quote currency", () => {
    const products = ['BTC-USD', 'ETH-USDC'];
    expect(productIdForTicker('BTCUSD', products)).toBe('BTC-USD');
    expect(productIdForTicker('COINBASE:BTCUSD', products)).toBe('BTC-USD');
    expect(productIdForTicker('eth/usdc', products)).toBe('ETH-USDC');
    expect(productIdForTicker('BTC-USD', [])).toBe('BTC-USD');
    expect(productIdForTicker('SOLUSD', products)).toBe('SOL-USD');
    expect(() => productIdForTicker('XYZ', products)).toThrow(InvalidSignalError);
    expect(() => productIdForTicker('BTC USD!', products)).toThrow(/expected a ticker such as BTCUSD/);
  });
});
