import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors.js';
import { prepareAdvancedTradeOrder } from './order-request.js';

const fixedId = () => 'generated-id';

describe('prepareAdvancedTradeOrder', () => {
  it('serializes once with a generated client_order_id, keeping a given one', () => {
    const prepared = prepareAdvancedTradeOrder(
      {
        product_id: 'BTC-USD',
        side: 'BUY',
        order_configuration: { market_market_ioc: { quote_size: '10.00' } },
      },
      fixedId,
    );
    expect(prepared).toMatchObject({ clientOrderId: 'generated-id', productId: 'BTC-USD', side: 'BUY' });
    expect(JSON.parse(prepared.body)).toEqual({
      client_order_id: 'generated-id',
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: { market_market_ioc: { quote_size: '10.00' } },
    });
    const given = prepareAdvancedTradeOrder(
      {
        client_order_id: 'mine',
        product_id: 'BTC-USD',
        side: 'SELL',
        order_configuration: {
          stop_limit_stop_limit_gtd: {
            base_size: '0.1',
            limit_price: '100.00',
            stop_price: '101.00',
            end_time: '2030-01-01T00:00:00Z',
            stop_direction: 'STOP_DIRECTION_STOP_DOWN',
          },
        },
      },
      fixedId,
    );
    expect(given.clientOrderId).toBe('mine');
  });

  it.each([
    [
      'a number for money',
      { limit_limit_gtc: { base_size: 0.1, limit_price: '1.00' } },
      /base_size as a decimal string/,
    ],
    [
      'two configurations',
      { limit_limit_gtc: {}, limit_limit_fok: {} },
      /exactly one order configuration, received 2/,
    ],
    ['an unknown configuration', { twap_limit_gtd: {} }, /one of market_market_ioc/],
    [
      'both market sizes',
      { market_market_ioc: { base_size: '1', quote_size: '1' } },
      /exactly one of quote_size and base_size/,
    ],
    [
      'a GTD without end_time',
      { limit_limit_gtd: { base_size: '1', limit_price: '1.00' } },
      /end_time as an RFC 3339 time/,
    ],
    [
      'a stop without direction',
      { stop_limit_stop_limit_gtc: { base_size: '1', limit_price: '1', stop_price: '1' } },
      /stop_direction/,
    ],
    [
      'a non-boolean post_only',
      { limit_limit_gtc: { base_size: '1', limit_price: '1.00', post_only: 'yes' } },
      /post_only as a boolean/,
    ],
  ])('refuses %s before any I/O', (_name, configuration, message) => {
    const attempt = () =>
      prepareAdvancedTradeOrder(
        { product_id: 'BTC-USD', side: 'BUY', order_configuration: configuration as never },
        fixedId,
      );
    expect(attempt).toThrow(InvalidRequestError);
    expect(attempt).toThrow(message);
  });

  it('refuses a lower-case side and an empty product', () => {
    const order = { market_market_ioc: { base_size: '1' } };
    expect(() =>
      prepareAdvancedTradeOrder(
        { product_id: 'BTC-USD', side: 'buy' as never, order_configuration: order },
        fixedId,
      ),
    ).toThrow(/BUY, SELL/);
    expect(() =>
      prepareAdvancedTradeOrder({ product_id: '', side: 'BUY', order_configuration: order }, fixedId),
    ).toThrow(/product_id/);
  });
});
