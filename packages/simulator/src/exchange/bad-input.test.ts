import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exchangeWithTwoTraders, placeOk } from './test-support.js';

const field = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    'buy',
    'sell',
    'limit',
    'market',
    'stop',
    'GTT',
    'FOK',
    'IOC',
    'min',
    'co',
    'loss',
    'entry',
    true,
  ),
  fc.constantFrom(
    '100.00',
    '0.01',
    '1e3',
    '-1',
    '01',
    '99999999999999999999',
    '0.000000001',
    1.5,
    0,
    -0,
    1e300,
  ),
);
const request = fc.record(
  {
    product_id: fc.oneof(fc.constantFrom('BTC-USD', 'ETH-BTC', 'btc-usd', ''), fc.anything()),
    side: field,
    type: field,
    price: field,
    size: field,
    funds: field,
    time_in_force: field,
    cancel_after: field,
    post_only: field,
    stp: field,
    stop: field,
    stop_price: field,
    client_oid: fc.oneof(fc.uuid(), fc.anything()),
  },
  { requiredKeys: [] },
);

describe('bad input', () => {
  it('answers any order body with an order or a 400, never throwing, and leaves balances intact', () => {
    const { exchange, alice, bob } = exchangeWithTwoTraders();
    placeOk(exchange, bob, { side: 'sell', price: '100.00', size: '1' });
    placeOk(exchange, bob, { side: 'buy', price: '99.00', size: '1' });
    fc.assert(
      fc.property(request, (body) => {
        const result = exchange.placeOrder(alice, body as Record<string, unknown>);
        if (!result.ok) {
          expect(result.error.status).toBe(400);
          expect(result.error.message.length).toBeGreaterThan(0);
        }
        for (const currency of exchange.currencyIds()) {
          expect(exchange.accountBook.total(currency)).toBe(exchange.accountBook.deposits(currency));
        }
      }),
      { numRuns: 1500 },
    );
    for (const account of exchange.accountBook.all()) expect(account.available >= 0n).toBe(true);
  });

  it('answers odd ids and cursors with 400/404, never throwing', () => {
    const { exchange, alice } = exchangeWithTwoTraders();
    fc.assert(
      fc.property(fc.string(), fc.string(), (id, cursor) => {
        for (const result of [
          exchange.getOrder(alice, id),
          exchange.cancelOrder(alice, id),
          exchange.getOrder(alice, `client:${id}`),
          exchange.account(alice, id),
          exchange.trades('BTC-USD', { limit: 10, after: cursor }),
          exchange.listOrders(alice, { statuses: [id] }, { limit: 10, before: cursor }),
        ]) {
          if (!result.ok) expect([400, 404]).toContain(result.error.status);
        }
      }),
      { numRuns: 500 },
    );
  });
});
