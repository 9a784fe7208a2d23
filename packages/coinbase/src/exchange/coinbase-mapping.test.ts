import type { FillWire as RestFill, Order as RestOrder } from '@tradeloop/rest';
import { type ClientOrderId, ExactDecimal, type ProductId } from '@tradeloop/strategy-kit';
import type { MatchMessage, PrivateOrderMessage, TickerMessage } from '@tradeloop/websocket';
import { describe, expect, it } from 'vitest';
import {
  restFill,
  restOrderDoneCanceled,
  restOrderPending,
  tickerMessage,
  userDoneMarket,
  userMatchAsMaker,
  userMatchAsTaker,
  userReceived,
} from './__fixtures__/coinbase-payloads.js';
import {
  fillFromRest,
  orderReportFromRest,
  privateUpdateFromFeed,
  reportedStatus,
  tickerFromFeed,
  toPlaceOrderRequest,
  tradeFromFeed,
} from './coinbase-mapping.js';

const id = '6f1c1a44-8a53-4e4f-9d3e-1c2b3a4d5e6f' as ClientOrderId;
const product = 'BTC-USD' as ProductId;

describe('commands to the wire', () => {
  it('writes limit, market and stop bodies with exact decimal strings', () => {
    expect(
      toPlaceOrderRequest({
        clientOrderId: id,
        productId: product,
        side: 'sell',
        type: 'limit',
        size: new ExactDecimal('0.00000001'),
        price: new ExactDecimal('64321.10'),
        timeInForce: 'GTT',
        cancelAfter: 'hour',
        postOnly: true,
      }),
    ).toEqual({
      client_oid: id,
      product_id: 'BTC-USD',
      side: 'sell',
      type: 'limit',
      size: '0.00000001',
      price: '64321.1',
      time_in_force: 'GTT',
      cancel_after: 'hour',
      post_only: true,
    });
    expect(
      toPlaceOrderRequest({
        clientOrderId: id,
        productId: product,
        side: 'buy',
        type: 'market',
        funds: new ExactDecimal('99.40'),
      }),
    ).toEqual({ client_oid: id, product_id: 'BTC-USD', side: 'buy', type: 'market', funds: '99.4' });
    expect(
      toPlaceOrderRequest({
        clientOrderId: id,
        productId: product,
        side: 'sell',
        type: 'stop',
        size: new ExactDecimal('1'),
        price: new ExactDecimal('59000'),
        stopPrice: new ExactDecimal('60000'),
      }),
    ).toEqual({
      client_oid: id,
      product_id: 'BTC-USD',
      side: 'sell',
      type: 'stop',
      stop: 'loss',
      stop_price: '60000',
      price: '59000',
      size: '1',
    });
  });
});

describe('REST answers to reports', () => {
  it('maps statuses, done reasons included', () => {
    expect(
      ['pending', 'received', 'open', 'active', 'rejected'].map((status) =>
        reportedStatus(status, undefined),
      ),
    ).toEqual(['pending', 'pending', 'open', 'open', 'rejected']);
    expect(reportedStatus('done', 'filled')).toBe('filled');
    expect(reportedStatus('done', 'canceled')).toBe('canceled');
  });

  it('reads an order and a fill', () => {
    const pending = orderReportFromRest(restOrderPending as unknown as RestOrder, 0);
    expect(pending).toMatchObject({ status: 'pending', clientOrderId: id, source: 'rest', type: 'limit' });
    expect(pending.price?.toFixed()).toBe('0.1');
    const done = orderReportFromRest(restOrderDoneCanceled as unknown as RestOrder, 0);
    expect(done.status).toBe('canceled');
    expect(done.filledSize?.toFixed()).toBe('0.004');
    expect(done.time).toBe(Date.UTC(2016, 11, 8, 20, 5, 0));
    const fill = fillFromRest(restFill as unknown as RestFill, 0);
    expect(fill).toMatchObject({ tradeId: '2522525', liquidity: 'taker', side: 'buy', source: 'rest' });
    expect(fill.fee.toFixed()).toBe('39.8009947826945');
    expect(fill.time).toBe(Date.UTC(2020, 0, 26, 17, 47, 43, 602));
  });
});

describe('feed messages to events', () => {
  it('`received` carries the client order id; `done` of a market order has no price', () => {
    const received = privateUpdateFromFeed(userReceived as unknown as PrivateOrderMessage, 0);
    expect(received.kind === 'report' && received.report).toMatchObject({
      status: 'pending',
      clientOrderId: userReceived.client_oid,
      orderId: userReceived.order_id,
      source: 'feed',
    });
    const done = privateUpdateFromFeed(userDoneMarket as unknown as PrivateOrderMessage, 0);
    expect(done.kind === 'report' && done.report).toMatchObject({ status: 'filled', type: 'market' });
  });

  it('an STP `change` is a resize of our order in remaining sizes; a funds change is ignored', () => {
    // The shape the simulator publishes (packages/simulator/src/exchange/feed-messages.ts).
    const change = {
      type: 'change',
      reason: 'STP',
      time: '2026-01-05T12:00:00.000000Z',
      sequence: 42,
      order_id: 'ac928c66-ca53-498f-9c13-a110027a60e8',
      side: 'buy',
      product_id: 'BTC-USD',
      price: '400.23',
      old_size: '1.50000000',
      new_size: '0.50000000',
      user_id: 'user-1',
      profile_id: 'profile-1',
    };
    const update = privateUpdateFromFeed(change as unknown as PrivateOrderMessage, 0);
    if (update.kind !== 'resize') throw new Error(`expected a resize, got ${update.kind}`);
    expect(update.resize).toMatchObject({ orderId: change.order_id, productId: 'BTC-USD', reason: 'STP' });
    expect([update.resize.oldSize.toFixed(), update.resize.newSize.toFixed()]).toEqual(['1.5', '0.5']);
    expect(update.resize.time).toBe(Date.UTC(2026, 0, 5, 12, 0, 0));
    const { old_size: _old, new_size: _new, ...fundsChange } = change;
    const funds = { ...fundsChange, price: null, old_funds: '100', new_funds: '40' };
    expect(privateUpdateFromFeed(funds as unknown as PrivateOrderMessage, 0).kind).toBe('none');
  });

  it('a match is our fill: the fee rate tells maker or taker, hence our order and side; the fee rounds down to 16 decimals', () => {
    const taker = privateUpdateFromFeed(userMatchAsTaker as unknown as PrivateOrderMessage, 0);
    if (taker.kind !== 'fill') throw new Error('expected a fill');
    expect(taker.fill).toMatchObject({
      orderId: userMatchAsTaker.taker_order_id,
      side: 'buy',
      liquidity: 'taker',
    });
    expect(taker.fill.fee.toFixed()).toBe('12.5715124656'); // 400.23 × 5.23512 × 0.006 (Python decimal: 12.57151246560)
    const maker = privateUpdateFromFeed(userMatchAsMaker as unknown as PrivateOrderMessage, 0);
    if (maker.kind !== 'fill') throw new Error('expected a fill');
    expect(maker.fill).toMatchObject({
      orderId: userMatchAsMaker.maker_order_id,
      side: 'sell',
      liquidity: 'maker',
    });
    // 0.05123 × 0.12345678 × 0.001234 = 0.0000078046684958196 (Python decimal), down to 16 decimals
    expect(maker.fill.fee.toFixed()).toBe('0.0000078046684958');
  });

  it('a public match is a trade by the taker side; a ticker keeps every price exact', () => {
    const trade = tradeFromFeed(userMatchAsTaker as unknown as MatchMessage, 0);
    expect(trade.takerSide).toBe('buy');
    expect({ price: trade.price.toFixed(), size: trade.size.toFixed(), time: trade.time }).toEqual({
      price: (userMatchAsTaker as { price: string }).price,
      size: (userMatchAsTaker as { size: string }).size,
      time: Date.parse((userMatchAsTaker as { time: string }).time),
    });
    // A spread copy keeps the eager fields; JSON carries every field of a trade.
    const wire = userMatchAsTaker as unknown as MatchMessage;
    expect({ ...trade }).toMatchObject({
      productId: wire.product_id,
      tradeId: String(wire.trade_id),
      takerSide: 'buy',
    });
    expect(JSON.parse(JSON.stringify(trade))).toEqual({
      productId: wire.product_id,
      tradeId: String(wire.trade_id),
      price: wire.price,
      size: wire.size,
      takerSide: 'buy',
      time: Date.parse(wire.time),
    });
    // A malformed number is refused when the message is read, not later in a strategy.
    expect(() =>
      tradeFromFeed({ ...(userMatchAsTaker as unknown as MatchMessage), price: '12,5' }, 0),
    ).toThrow(/price/);
    const ticker = tickerFromFeed(tickerMessage as unknown as TickerMessage, 0);
    expect(
      [ticker.price, ticker.bestBid, ticker.bestAsk, ticker.volume24h].map((value) => value?.toFixed()),
    ).toEqual(['1285.22', '1285.04', '1285.27', '245532.79']);
  });
});
