import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './errors.js';
import { prepareOrder } from './order-request.js';
import type { PlaceOrderRequest } from './types/orders.js';

const fixedOid = '6f1b5a54-54c4-4b7f-9f58-7d1f9c9b1e21';
const newOid = () => fixedOid;

function refusal(request: unknown): InvalidRequestError {
  try {
    prepareOrder(request as PlaceOrderRequest, newOid);
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('prepareOrder', () => {
  it('writes the body once, in a fixed field order, with a client_oid chosen before any I/O', () => {
    const prepared = prepareOrder(
      { size: '0.001', price: '30000.01', side: 'buy', product_id: 'BTC-USD', post_only: true },
      newOid,
    );
    expect(prepared.clientOid).toBe(fixedOid);
    expect(prepared.body).toBe(
      `{"client_oid":"${fixedOid}","type":"limit","side":"buy","product_id":"BTC-USD","price":"30000.01","size":"0.001","post_only":true}`,
    );
  });

  it("keeps the caller's client_oid and every documented option", () => {
    const clientOid = 'd50ec984-77a8-460a-b958-66f114b0de9b';
    const prepared = prepareOrder(
      {
        client_oid: clientOid,
        type: 'limit',
        side: 'sell',
        product_id: 'ETH-USD',
        price: '2000',
        size: '1.5',
        time_in_force: 'GTT',
        cancel_after: 'hour',
        stp: 'co',
        stop: 'loss',
        stop_price: '1900',
        stop_limit_price: '1890',
        profile_id: 'default',
      },
      () => 'unused',
    );
    expect(prepared.clientOid).toBe(clientOid);
    expect(JSON.parse(prepared.body)).toEqual({
      client_oid: clientOid,
      type: 'limit',
      side: 'sell',
      product_id: 'ETH-USD',
      price: '2000',
      size: '1.5',
      time_in_force: 'GTT',
      cancel_after: 'hour',
      stp: 'co',
      stop: 'loss',
      stop_price: '1900',
      stop_limit_price: '1890',
      profile_id: 'default',
    });
  });

  it('accepts market orders by size or by funds, and stop orders', () => {
    expect(
      JSON.parse(
        prepareOrder({ type: 'market', side: 'buy', product_id: 'BTC-USD', funds: '10.00' }, newOid).body,
      ),
    ).toMatchObject({
      type: 'market',
      funds: '10.00',
    });
    expect(
      JSON.parse(
        prepareOrder({ type: 'market', side: 'sell', product_id: 'BTC-USD', size: '0.5' }, newOid).body,
      ),
    ).toMatchObject({
      size: '0.5',
    });
    expect(
      JSON.parse(
        prepareOrder(
          {
            type: 'stop',
            side: 'sell',
            product_id: 'BTC-USD',
            stop_price: '25000',
            price: '24900',
            size: '0.5',
          },
          newOid,
        ).body,
      ),
    ).toMatchObject({ type: 'stop', stop_price: '25000' });
  });

  it('refuses money given as a JS number, with the reason', () => {
    const error = refusal({ side: 'buy', product_id: 'BTC-USD', price: 30000.1, size: '0.001' });
    expect(error.code).toBe('invalid_request');
    expect(error.method).toBe('POST');
    expect(error.path).toBe('/orders');
    expect(error.message).toContain(
      'expected price as a decimal string such as "30000.1", received the number 30000.1',
    );
    expect(error.status).toBeUndefined();
  });

  it.each([
    [
      { side: 'buy', product_id: 'BTC-USD', price: '1e3', size: '1' },
      /price as a decimal string in standard form/,
    ],
    [{ side: 'buy', product_id: 'BTC-USD', price: '01.5', size: '1' }, /price as a decimal string/],
    [{ side: 'buy', product_id: 'BTC-USD', price: '-1', size: '1' }, /price as a decimal string/],
    [
      { side: 'BUY', product_id: 'BTC-USD', price: '1', size: '1' },
      /side to be one of buy, sell, received "BUY"/,
    ],
    [{ side: 'buy', price: '1', size: '1' }, /product_id as a non-empty string, received nothing/],
    [{ side: 'buy', product_id: 'BTC-USD', size: '1' }, /price and size on a limit order, received no price/],
    [{ side: 'buy', product_id: 'BTC-USD', price: '1', size: '1', funds: '1' }, /no funds on a limit order/],
    [
      { type: 'market', side: 'buy', product_id: 'BTC-USD', size: '1', funds: '1' },
      /exactly one of size or funds.*both/,
    ],
    [{ type: 'market', side: 'buy', product_id: 'BTC-USD' }, /exactly one of size or funds.*neither/],
    [
      { type: 'market', side: 'buy', product_id: 'BTC-USD', funds: '5', price: '1' },
      /no price on a market order/,
    ],
    [{ type: 'stop', side: 'buy', product_id: 'BTC-USD', size: '1' }, /stop_price on a stop order/],
    [
      { type: 'LIMIT', side: 'buy', product_id: 'BTC-USD', price: '1', size: '1' },
      /type to be one of limit, market, stop/,
    ],
    [
      { side: 'buy', product_id: 'BTC-USD', price: '1', size: '1', time_in_force: 'IOC', post_only: true },
      /post_only only with GTC or GTT/,
    ],
    [
      { side: 'buy', product_id: 'BTC-USD', price: '1', size: '1', cancel_after: 'day' },
      /cancel_after only with time_in_force "GTT"/,
    ],
    [
      { side: 'buy', product_id: 'BTC-USD', price: '1', size: '1', client_oid: 'my-order-1' },
      /client_oid as a UUID/,
    ],
    [{ side: 'buy', product_id: 'BTC-USD', price: '1', size: '1', stop: 'loss' }, /stop_price with stop/],
    [
      { side: 'buy', product_id: 'BTC-USD', price: '1', size: '1', quantity: '1' },
      /only Coinbase order fields.*received "quantity"/,
    ],
  ])('refuses %j', (request, message) => {
    expect(refusal(request).message).toMatch(message);
  });

  it('refuses a non-object request', () => {
    expect(refusal(null).message).toMatch(/expected an order request object, received null/);
  });
});
