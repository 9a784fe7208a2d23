import { clientOrderId, ExactDecimal, type OrderRequest, productId } from '@tradeloop/strategy-kit';
import { describe, expect, it } from 'vitest';
import { UnsupportedOrderError } from '../errors.js';
import { reportedStatusOf, toCreateOrderRequest } from './advanced-trade-mapping.js';

const base = {
  clientOrderId: clientOrderId('00000000-0000-4000-8000-000000000001'),
  productId: productId('BTC-USD'),
} as const;
const now = Date.UTC(2026, 0, 1);

describe('toCreateOrderRequest', () => {
  it.each<[string, Partial<OrderRequest>, unknown]>([
    [
      'limit GTC post-only',
      {
        side: 'buy',
        type: 'limit',
        size: new ExactDecimal('0.010'),
        price: new ExactDecimal('100.50'),
        postOnly: true,
      },
      { limit_limit_gtc: { base_size: '0.01', limit_price: '100.5', post_only: true } },
    ],
    [
      'limit GTT for an hour',
      {
        side: 'sell',
        type: 'limit',
        size: new ExactDecimal('1'),
        price: new ExactDecimal('2'),
        timeInForce: 'GTT',
        cancelAfter: 'hour',
      },
      { limit_limit_gtd: { base_size: '1', limit_price: '2', end_time: '2026-01-01T01:00:00.000Z' } },
    ],
    [
      'limit IOC',
      {
        side: 'buy',
        type: 'limit',
        size: new ExactDecimal('1'),
        price: new ExactDecimal('2'),
        timeInForce: 'IOC',
      },
      { sor_limit_ioc: { base_size: '1', limit_price: '2' } },
    ],
    [
      'limit FOK',
      {
        side: 'buy',
        type: 'limit',
        size: new ExactDecimal('1'),
        price: new ExactDecimal('2'),
        timeInForce: 'FOK',
      },
      { limit_limit_fok: { base_size: '1', limit_price: '2' } },
    ],
    [
      'market by size',
      { side: 'buy', type: 'market', size: new ExactDecimal('0.5') },
      { market_market_ioc: { base_size: '0.5' } },
    ],
    [
      'market by funds',
      { side: 'buy', type: 'market', funds: new ExactDecimal('25.00') },
      { market_market_ioc: { quote_size: '25' } },
    ],
    [
      'stop-limit sell',
      {
        side: 'sell',
        type: 'stop',
        size: new ExactDecimal('1'),
        price: new ExactDecimal('90'),
        stopPrice: new ExactDecimal('91'),
      },
      {
        stop_limit_stop_limit_gtc: {
          base_size: '1',
          limit_price: '90',
          stop_price: '91',
          stop_direction: 'STOP_DIRECTION_STOP_DOWN',
        },
      },
    ],
  ])('%s', (_name, fields, configuration) => {
    const request = { ...base, ...fields } as OrderRequest;
    expect(toCreateOrderRequest(request, now)).toEqual({
      client_order_id: base.clientOrderId,
      product_id: 'BTC-USD',
      side: request.side === 'buy' ? 'BUY' : 'SELL',
      order_configuration: configuration,
    });
  });

  it('refuses a stop-market order: Advanced Trade has stop-limit orders only', () => {
    const request = {
      ...base,
      side: 'sell',
      type: 'stop',
      size: new ExactDecimal('1'),
      stopPrice: new ExactDecimal('9'),
    } as const;
    expect(() => toCreateOrderRequest(request, now)).toThrow(UnsupportedOrderError);
    expect(() => toCreateOrderRequest(request, now)).toThrow(
      /expected a stop order with a limit price.*received a stop order with no limit price; nothing was sent/,
    );
  });
});

describe('reportedStatusOf', () => {
  it.each([
    ['PENDING', 'pending'],
    ['QUEUED', 'pending'],
    ['OPEN', 'open'],
    ['EDIT_QUEUED', 'open'],
    ['CANCEL_QUEUED', 'open'],
    ['FILLED', 'filled'],
    ['CANCELLED', 'canceled'],
    ['EXPIRED', 'canceled'],
    ['FAILED', 'rejected'],
    ['UNKNOWN_ORDER_STATUS', undefined],
    ['SOMETHING_NEW', undefined],
  ])('%s → %s', (wire, reported) => {
    expect(reportedStatusOf(wire)).toBe(reported);
  });
});
