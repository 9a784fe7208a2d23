import { describe, expect, it } from 'vitest';
import { current, exchangeWithTwoTraders, fullMessages, placeOk } from './test-support.js';

describe('time in force', () => {
  it('IOC trades what it can and cancels the rest', () => {
    const { exchange, alice, bob } = exchangeWithTwoTraders();
    placeOk(exchange, alice, { side: 'sell', price: '100.00', size: '1' });
    const ioc = placeOk(exchange, bob, { side: 'buy', price: '100.00', size: '3', time_in_force: 'IOC' });
    expect(current(exchange, bob, ioc.id)).toMatchObject({
      status: 'done',
      done_reason: 'canceled',
      filled_size: '1.00000000',
    });
    const book = exchange.book('BTC-USD', 2);
    expect(book.ok && book.value.bids).toEqual([]);
  });

  it('FOK fills entirely or not at all', () => {
    const { exchange, alice, bob, events } = exchangeWithTwoTraders();
    placeOk(exchange, alice, { side: 'sell', price: '100.00', size: '1' });
    placeOk(exchange, alice, { side: 'sell', price: '101.00', size: '1' });
    const killed = placeOk(exchange, bob, {
      side: 'buy',
      price: '100.00',
      size: '1.5',
      time_in_force: 'FOK',
    });
    expect(current(exchange, bob, killed.id)).toMatchObject({
      done_reason: 'canceled',
      filled_size: '0.00000000',
    });
    expect(fullMessages(events).some((message) => message.type === 'match')).toBe(false);
    const filled = placeOk(exchange, bob, {
      side: 'buy',
      price: '101.00',
      size: '1.5',
      time_in_force: 'FOK',
    });
    expect(current(exchange, bob, filled.id)).toMatchObject({
      done_reason: 'filled',
      filled_size: '1.50000000',
    });
  });

  it('GTT orders expire after cancel_after, on the clock', () => {
    const { exchange, alice, clock, events } = exchangeWithTwoTraders();
    const order = placeOk(exchange, alice, {
      side: 'buy',
      price: '100.00',
      size: '1',
      time_in_force: 'GTT',
      cancel_after: 'min',
    });
    expect(order.expire_time).toBe('2024-01-01T00:01:00.000000Z');
    clock.advanceBy(59_999);
    expect(current(exchange, alice, order.id).status).toBe('open');
    clock.advanceBy(1);
    expect(current(exchange, alice, order.id)).toMatchObject({ status: 'done', done_reason: 'canceled' });
    const done = events.find((event) => event.kind === 'full' && event.message.type === 'done');
    expect(done?.kind === 'full' && done.privateFields?.cancel_reason).toBe('101:Time In Force');
    expect(exchange.accounts(alice).find((account) => account.currency === 'USD')?.hold).toBe(
      '0.0000000000000000',
    );
  });

  it('GTT requires a valid cancel_after', () => {
    const { exchange, alice } = exchangeWithTwoTraders();
    const base = { product_id: 'BTC-USD', side: 'buy', price: '100.00', size: '1', time_in_force: 'GTT' };
    expect(exchange.placeOrder(alice, { ...base, cancel_after: 'week' })).toMatchObject({
      error: { status: 400, message: 'Invalid cancel_after week' },
    });
  });
});

describe('post only', () => {
  it('rejects a post-only order that would take with 400 Post only mode, and rests one that would not', () => {
    const { exchange, alice, bob } = exchangeWithTwoTraders();
    placeOk(exchange, alice, { side: 'sell', price: '100.00', size: '1' });
    expect(
      exchange.placeOrder(bob, {
        product_id: 'BTC-USD',
        side: 'buy',
        price: '100.00',
        size: '1',
        post_only: true,
      }),
    ).toEqual({ ok: false, error: { status: 400, message: 'Post only mode' } });
    const resting = placeOk(exchange, bob, { side: 'buy', price: '99.99', size: '1', post_only: true });
    expect(current(exchange, bob, resting.id)).toMatchObject({ status: 'open', post_only: true });
  });
});

describe('stop orders', () => {
  it('waits as active, publishes activate privately, and enters the book as a limit once the last trade reaches the stop', () => {
    const { exchange, alice, bob, events } = exchangeWithTwoTraders();
    const stop = placeOk(exchange, alice, {
      side: 'sell',
      price: '94.00',
      size: '1',
      stop: 'loss',
      stop_price: '95.00',
    });
    expect(current(exchange, alice, stop.id)).toMatchObject({
      status: 'active',
      stop: 'loss',
      stop_price: '95.00000000',
    });
    const activate = events.find((event) => event.kind === 'full' && event.message.type === 'activate');
    expect(activate?.kind === 'full' && activate.visibility).toBe('owner');
    expect(activate?.kind === 'full' && activate.message.sequence).toBeUndefined();
    // The BTC hold is placed while the stop waits.
    expect(exchange.accounts(alice).find((account) => account.currency === 'BTC')?.hold).toBe(
      '1.0000000000000000',
    );

    // A trade at 96 does not trigger a loss stop at 95.
    placeOk(exchange, bob, { side: 'buy', price: '96.00', size: '0.1' });
    placeOk(exchange, alice, { side: 'sell', price: '96.00', size: '0.1' });
    expect(current(exchange, alice, stop.id).status).toBe('active');

    // A trade at 95 does; the stop then rests at its 94 limit (no bid at or above 94 remains).
    placeOk(exchange, bob, { side: 'buy', price: '95.00', size: '0.1' });
    placeOk(exchange, alice, { side: 'sell', price: '95.00', size: '0.1' });
    expect(current(exchange, alice, stop.id)).toMatchObject({ status: 'open' });
    const book = exchange.book('BTC-USD', 3);
    expect(book.ok && book.value.asks).toEqual([['94.00', '1.00000000', stop.id]]);
  });

  it('triggers an entry stop when the last trade is at or above the stop price, and cascades', () => {
    const { exchange, alice, bob } = exchangeWithTwoTraders();
    placeOk(exchange, alice, { side: 'sell', price: '101.00', size: '1' });
    placeOk(exchange, alice, { side: 'sell', price: '102.00', size: '1' });
    const entry = placeOk(exchange, bob, {
      side: 'buy',
      price: '102.00',
      size: '1',
      stop: 'entry',
      stop_price: '101.00',
    });
    placeOk(exchange, bob, { side: 'buy', price: '101.00', size: '0.5' });
    // The trade at 101 triggers the entry stop, which buys the rest of 101 and half... all of it at 101/102.
    expect(current(exchange, bob, entry.id)).toMatchObject({
      status: 'done',
      done_reason: 'filled',
      executed_value: '101.5000000000000000',
    });
  });

  it('infers the stop direction from the side when only stop_price is sent (as ccxt does)', () => {
    const { exchange, alice } = exchangeWithTwoTraders();
    const sell = placeOk(exchange, alice, { side: 'sell', price: '90.00', size: '1', stop_price: '91.00' });
    expect(sell.stop).toBe('loss');
    const buy = placeOk(exchange, alice, { side: 'buy', price: '110.00', size: '1', stop_price: '109.00' });
    expect(buy.stop).toBe('entry');
  });

  it('cancels an untriggered stop and releases its hold', () => {
    const { exchange, alice } = exchangeWithTwoTraders();
    const stop = placeOk(exchange, alice, {
      side: 'buy',
      price: '110.00',
      size: '1',
      stop: 'entry',
      stop_price: '109.00',
    });
    expect(exchange.cancelOrder(alice, stop.id)).toEqual({ ok: true, value: stop.id });
    expect(current(exchange, alice, stop.id)).toMatchObject({ status: 'done', done_reason: 'canceled' });
    expect(exchange.accounts(alice).find((account) => account.currency === 'USD')?.hold).toBe(
      '0.0000000000000000',
    );
  });
});

describe('self-trade prevention', () => {
  function sameUser() {
    const setup = exchangeWithTwoTraders();
    const { exchange, alice } = setup;
    const twin = exchange.caller(
      exchange.addProfile({ balances: { USD: '1000000', BTC: '100' }, userId: alice.userId }).profileId,
    );
    return { ...setup, twin };
  }

  it('dc: decrements the larger order by the smaller and cancels the smaller (change message reason STP)', () => {
    const { exchange, alice, twin, events } = sameUser();
    const resting = placeOk(exchange, alice, { side: 'sell', price: '100.00', size: '3' });
    const incoming = placeOk(exchange, twin, { side: 'buy', price: '100.00', size: '1' });
    expect(current(exchange, twin, incoming.id)).toMatchObject({
      status: 'done',
      done_reason: 'canceled',
      filled_size: '0.00000000',
    });
    expect(current(exchange, alice, resting.id)).toMatchObject({ status: 'open' });
    const change = fullMessages(events).find((message) => message.type === 'change');
    expect(change).toMatchObject({
      reason: 'STP',
      order_id: resting.id,
      old_size: '3.00000000',
      new_size: '2.00000000',
      price: '100.00',
    });
    const book = exchange.book('BTC-USD', 2);
    expect(book.ok && book.value.asks).toEqual([['100.00', '2.00000000', 1]]);
    expect(exchange.accounts(alice).find((account) => account.currency === 'BTC')?.hold).toBe(
      '2.0000000000000000',
    );
  });

  it('dc: equal sizes cancel both', () => {
    const { exchange, alice, twin } = sameUser();
    const resting = placeOk(exchange, alice, { side: 'sell', price: '100.00', size: '1' });
    const incoming = placeOk(exchange, twin, { side: 'buy', price: '100.00', size: '1' });
    expect(current(exchange, alice, resting.id).done_reason).toBe('canceled');
    expect(current(exchange, twin, incoming.id).done_reason).toBe('canceled');
  });

  it('dc: a smaller resting order is canceled and the incoming one continues against others', () => {
    const { exchange, alice, bob, twin } = sameUser();
    const own = placeOk(exchange, alice, { side: 'sell', price: '100.00', size: '1' });
    placeOk(exchange, bob, { side: 'sell', price: '100.00', size: '5' });
    const incoming = placeOk(exchange, twin, { side: 'buy', price: '100.00', size: '3' });
    expect(current(exchange, alice, own.id).done_reason).toBe('canceled');
    // 3 decremented by 1 → 2 left, traded against bob.
    expect(current(exchange, twin, incoming.id)).toMatchObject({
      done_reason: 'filled',
      filled_size: '2.00000000',
    });
  });

  it('co cancels the resting order, cn the incoming one, cb both', () => {
    const { exchange, alice, twin } = sameUser();
    const restingOne = placeOk(exchange, alice, { side: 'sell', price: '100.00', size: '1' });
    const co = placeOk(exchange, twin, { side: 'buy', price: '100.00', size: '2', stp: 'co' });
    expect(current(exchange, alice, restingOne.id).done_reason).toBe('canceled');
    expect(current(exchange, twin, co.id).status).toBe('open');
    exchange.cancelAll(twin);

    const restingTwo = placeOk(exchange, alice, { side: 'sell', price: '100.00', size: '1' });
    const cn = placeOk(exchange, twin, { side: 'buy', price: '100.00', size: '2', stp: 'cn' });
    expect(current(exchange, twin, cn.id).done_reason).toBe('canceled');
    expect(current(exchange, alice, restingTwo.id).status).toBe('open');

    const cb = placeOk(exchange, twin, { side: 'buy', price: '100.00', size: '2', stp: 'cb' });
    expect(current(exchange, twin, cb.id).done_reason).toBe('canceled');
    expect(current(exchange, alice, restingTwo.id).done_reason).toBe('canceled');
  });
});

describe('Coinbase 400 messages', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ side: 'buy', price: '100.00' }, 'Requires size'],
    [{ side: 'buy', size: '1' }, 'Requires price'],
    [{ price: '100.00', size: '1' }, 'Requires side'],
    [{ side: 'buY', price: '100.00', size: '1' }, 'Invalid side buY'],
    [{ side: 'buy', price: '100.001', size: '1' }, 'price is too accurate. Smallest unit is 0.01000000'],
    [
      { side: 'buy', price: '100.00', size: '0.000000001' },
      'size is too accurate. Smallest unit is 0.00000001',
    ],
    [{ side: 'buy', price: '100.00', size: '0.001' }, 'size is too small. Minimum size is 0.01000000'],
    [{ side: 'buy', type: 'market', funds: '0.50' }, 'funds is too small. Minimum size is 1.00000000'],
    [{ side: 'buy', type: 'market', funds: '10.001' }, 'funds is too accurate. Smallest unit is 0.01000000'],
    [
      { side: 'buy', type: 'market', funds: '10', size: '1' },
      'Market orders must specify either size or funds, not both',
    ],
    [{ side: 'buy', price: '100.00', size: '100000' }, 'Insufficient funds'],
    [{ product_id: 'DOGE-USD', side: 'buy', price: '1.00', size: '1' }, 'Product not found'],
    [{ side: 'buy', price: '100.00', size: '1', client_oid: 'abc' }, 'Invalid client_oid'],
    [{ side: 'buy', type: 'LIMIT', price: '100.00', size: '1' }, 'Invalid order_type LIMIT'],
    [{ side: 'buy', price: '100.00', size: '1', time_in_force: 'gtc' }, 'Invalid time_in_force gtc'],
    [{ side: 'buy', price: '01.50', size: '1' }, 'price must be a number'],
    [{ side: 'buy', price: '100.00', size: '1e2' }, 'size must be a number'],
    [{ side: 'buy', price: '100.00', size: '+1' }, 'size must be a number'],
    [{ side: 'buy', price: '100.00', size: '.5' }, 'size must be a number'],
    [{ side: 'buy', price: 'abc', size: '1' }, 'price must be a number'],
    [{ side: 'buy', price: '-5.00', size: '1' }, 'price is too small. Minimum price is 0.01000000'],
    [{ side: 'buy', price: '100.00', size: '1', stp: 'xx' }, 'Invalid stp xx'],
  ];
  it.each(cases)('%o -> %s', (request, message) => {
    const { exchange, alice } = exchangeWithTwoTraders();
    expect(exchange.placeOrder(alice, { product_id: 'BTC-USD', ...request })).toEqual({
      ok: false,
      error: { status: 400, message },
    });
  });

  it('accepts JSON numbers as well as strings', () => {
    const { exchange, alice } = exchangeWithTwoTraders();
    const order = placeOk(exchange, alice, { side: 'buy', price: 204.93, size: 0.5 });
    expect(order).toMatchObject({ price: '204.93000000', size: '0.50000000' });
  });

  it('refuses a client_oid that an open order of the profile still uses', () => {
    const { exchange, alice } = exchangeWithTwoTraders();
    const client_oid = '0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c';
    const first = placeOk(exchange, alice, { side: 'buy', price: '100.00', size: '1', client_oid });
    expect(
      exchange.placeOrder(alice, {
        product_id: 'BTC-USD',
        side: 'buy',
        price: '100.00',
        size: '1',
        client_oid,
      }),
    ).toEqual({
      ok: false,
      error: { status: 400, message: 'duplicate client_oid' },
    });
    exchange.cancelOrder(alice, first.id);
    const second = placeOk(exchange, alice, { side: 'buy', price: '100.00', size: '1', client_oid });
    expect(current(exchange, alice, `client:${client_oid}`).id).toBe(second.id);
  });

  it('caps open orders per product and profile', () => {
    const { exchange, alice } = exchangeWithTwoTraders({ maxOpenOrders: 3 });
    for (let index = 0; index < 3; index += 1)
      placeOk(exchange, alice, { side: 'buy', price: '100.00', size: '1' });
    expect(
      exchange.placeOrder(alice, { product_id: 'BTC-USD', side: 'buy', price: '100.00', size: '1' }),
    ).toEqual({
      ok: false,
      error: { status: 400, message: 'Too many open orders. Maximum is 3 per product' },
    });
    // Other products have their own cap; IOC orders never rest and are not capped.
    placeOk(exchange, alice, { product_id: 'ETH-USD', side: 'buy', price: '100.00', size: '1' });
    placeOk(exchange, alice, { side: 'buy', price: '100.00', size: '1', time_in_force: 'IOC' });
  });

  it('honours product modes: cancel only, limit only, post only', () => {
    const { exchange, alice, bob } = exchangeWithTwoTraders();
    placeOk(exchange, bob, { side: 'sell', price: '100.00', size: '1' });
    const resting = placeOk(exchange, alice, { side: 'buy', price: '99.00', size: '1' });
    exchange.setProductModes('BTC-USD', { cancelOnly: true });
    expect(
      exchange.placeOrder(alice, { product_id: 'BTC-USD', side: 'buy', price: '99.00', size: '1' }),
    ).toMatchObject({
      error: { message: 'Cancel only mode' },
    });
    expect(exchange.cancelOrder(alice, resting.id).ok).toBe(true);
    exchange.setProductModes('BTC-USD', { cancelOnly: false, limitOnly: true });
    expect(
      exchange.placeOrder(alice, { product_id: 'BTC-USD', side: 'buy', type: 'market', funds: '10' }),
    ).toMatchObject({
      error: { message: 'Limit only mode' },
    });
    exchange.setProductModes('BTC-USD', { limitOnly: false, postOnly: true });
    expect(exchange.product('BTC-USD')?.post_only).toBe(true);
    expect(
      exchange.placeOrder(alice, { product_id: 'BTC-USD', side: 'buy', price: '100.00', size: '1' }),
    ).toMatchObject({
      error: { message: 'Post only mode' },
    });
  });
});
