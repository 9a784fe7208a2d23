import { ManualClock } from '@tradeloop/clock';
import { describe, expect, it } from 'vitest';
import type { Caller, ExchangeEvent } from './contract.js';
import { createExchange, type SimulatedExchange } from './exchange.js';

function setup() {
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  const exchange = createExchange({ clock, seed: 3 });
  const events: ExchangeEvent[] = [];
  exchange.onEvent((event) => events.push(event));
  const alice = exchange.caller(
    exchange.addProfile({ balances: { USD: '100000', BTC: '10', ETH: '100' } }).profileId,
  );
  const bob = exchange.caller(
    exchange.addProfile({ balances: { USD: '100000', BTC: '10', ETH: '100' } }).profileId,
  );
  return { clock, exchange, events, alice, bob };
}

function place(exchange: SimulatedExchange, caller: Caller, request: Record<string, unknown>) {
  const result = exchange.placeOrder(caller, { product_id: 'BTC-USD', ...request });
  if (!result.ok) throw new Error(`order refused: ${result.error.message}`);
  return result.value;
}

function balances(exchange: SimulatedExchange, caller: Caller) {
  return Object.fromEntries(exchange.accounts(caller).map((account) => [account.currency, account]));
}

describe('SimulatedExchange basics', () => {
  it('lists the default products with Coinbase increments', () => {
    const { exchange } = setup();
    const btc = exchange.product('BTC-USD');
    expect(btc?.quote_increment).toBe('0.01');
    expect(btc?.base_increment).toBe('0.00000001');
    expect(exchange.product('ETH-BTC')?.min_market_funds).toBe('0.0001');
    expect(exchange.products().map((product) => product.id)).toEqual(['BTC-USD', 'ETH-USD', 'ETH-BTC']);
  });

  it('matches a crossing limit at the maker price and settles balances with maker and taker fees', () => {
    const { exchange, alice, bob } = setup();
    const maker = place(exchange, alice, { side: 'sell', price: '64000.00', size: '0.5' });
    expect(maker.status).toBe('pending');
    place(exchange, bob, { side: 'buy', price: '64100', size: '0.2' });

    const aliceAccounts = balances(exchange, alice);
    expect(aliceAccounts.BTC?.balance).toBe('9.8000000000000000');
    expect(aliceAccounts.BTC?.hold).toBe('0.3000000000000000');
    expect(aliceAccounts.BTC?.available).toBe('9.5000000000000000');
    // 0.2 × 64000 = 12800, maker fee 0.4 % = 51.2
    expect(aliceAccounts.USD?.balance).toBe('112748.8000000000000000');
    const bobAccounts = balances(exchange, bob);
    // taker fee 0.6 % = 76.8; the buy traded at the maker's 64000, not its 64100 limit
    expect(bobAccounts.USD?.balance).toBe('87123.2000000000000000');
    expect(bobAccounts.USD?.hold).toBe('0.0000000000000000');
    expect(bobAccounts.BTC?.balance).toBe('10.2000000000000000');

    const fill = exchange.fills(bob, { productId: 'BTC-USD' }, { limit: 100 });
    expect(fill.ok && fill.value.items[0]).toMatchObject({
      trade_id: 1,
      liquidity: 'T',
      price: '64000.00000000',
      size: '0.20000000',
      fee: '76.8000000000000000',
      side: 'buy',
    });
  });

  it('publishes received/open/match/done with per-product sequences, a ticker and l2updates', () => {
    const { exchange, alice, bob, events } = setup();
    place(exchange, alice, { side: 'sell', price: '64000.00', size: '0.5' });
    place(exchange, bob, { side: 'buy', price: '64100.00', size: '0.2' });
    const full = events.filter((event) => event.kind === 'full');
    expect(full.map((event) => [event.message.type, event.message.sequence])).toEqual([
      ['received', 1],
      ['open', 2],
      ['received', 3],
      ['match', 4],
      ['done', 5],
    ]);
    const ticker = events.find((event) => event.kind === 'ticker');
    expect(ticker?.kind === 'ticker' && ticker.message).toMatchObject({
      sequence: 4,
      price: '64000.00',
      best_ask: '64000.00',
      best_ask_size: '0.30000000',
      trade_id: 1,
      side: 'buy',
    });
    const updates = events.filter((event) => event.kind === 'l2update');
    expect(updates.map((event) => event.kind === 'l2update' && event.changes)).toEqual([
      [['sell', '64000.00', '0.50000000']],
      [['sell', '64000.00', '0.30000000']],
    ]);
    expect(exchange.sequence('BTC-USD')).toBe(5);
  });

  it('serves the book at levels 1, 2 and 3 with the current sequence', () => {
    const { exchange, alice, bob } = setup();
    const first = place(exchange, alice, { side: 'buy', price: '100.00', size: '1' });
    const second = place(exchange, bob, { side: 'buy', price: '100.00', size: '2' });
    place(exchange, bob, { side: 'buy', price: '99.00', size: '3' });
    place(exchange, alice, { side: 'sell', price: '101.50', size: '0.5' });
    const levelOne = exchange.book('BTC-USD', 1);
    expect(levelOne.ok && levelOne.value.bids).toEqual([['100.00', '3.00000000', 2]]);
    const levelTwo = exchange.book('BTC-USD', 2);
    expect(levelTwo.ok && levelTwo.value.bids).toEqual([
      ['100.00', '3.00000000', 2],
      ['99.00', '3.00000000', 1],
    ]);
    expect(levelTwo.ok && levelTwo.value.asks).toEqual([['101.50', '0.50000000', 1]]);
    expect(levelTwo.ok && levelTwo.value.sequence).toBe(exchange.sequence('BTC-USD'));
    const levelThree = exchange.book('BTC-USD', 3);
    expect(levelThree.ok && levelThree.value.bids.slice(0, 2)).toEqual([
      ['100.00', '1.00000000', first.id],
      ['100.00', '2.00000000', second.id],
    ]);
    expect(exchange.book('NOPE-USD', 2)).toEqual({ ok: false, error: { status: 404, message: 'NotFound' } });
  });

  it('finds orders by id and client oid, lists them newest first and cancels them', () => {
    const { exchange, alice } = setup();
    const clientOid = '5b8d4c1e-2f7a-4b3c-9d6e-1a2b3c4d5e6f';
    const first = place(exchange, alice, { side: 'buy', price: '100.00', size: '1', client_oid: clientOid });
    const second = place(exchange, alice, { side: 'buy', price: '101.00', size: '1' });
    const byClient = exchange.getOrder(alice, `client:${clientOid}`);
    expect(byClient.ok && byClient.value.id).toBe(first.id);
    const byId = exchange.getOrder(alice, first.id);
    expect(byId.ok && byId.value).toMatchObject({
      status: 'open',
      client_oid: clientOid,
      price: '100.00000000',
    });

    const listed = exchange.listOrders(alice, { statuses: [] }, { limit: 100 });
    expect(listed.ok && listed.value.items.map((order) => order.id)).toEqual([second.id, first.id]);

    expect(exchange.cancelOrder(alice, first.id)).toEqual({ ok: true, value: first.id });
    expect(exchange.cancelOrder(alice, first.id)).toEqual({
      ok: false,
      error: { status: 400, message: 'Order already done' },
    });
    expect(exchange.cancelOrder(alice, 'not-a-uuid')).toEqual({
      ok: false,
      error: { status: 400, message: 'Invalid order id' },
    });
    expect(exchange.cancelOrder(alice, '00000000-0000-4000-8000-000000000000')).toEqual({
      ok: false,
      error: { status: 404, message: 'order not found' },
    });
    expect(exchange.getOrder(alice, '00000000-0000-4000-8000-000000000000')).toEqual({
      ok: false,
      error: { status: 404, message: 'NotFound' },
    });
    const done = exchange.listOrders(alice, { statuses: ['done'] }, { limit: 100 });
    expect(done.ok && done.value.items.map((order) => [order.id, order.done_reason])).toEqual([
      [first.id, 'canceled'],
    ]);
    const all = exchange.listOrders(alice, { statuses: ['open', 'done'] }, { limit: 1 });
    expect(all.ok && all.value.items.map((order) => order.id)).toEqual([second.id]);
    const older = exchange.listOrders(
      alice,
      { statuses: ['all'] },
      { limit: 1, after: all.ok ? all.value.after : '' },
    );
    expect(older.ok && older.value.items.map((order) => order.id)).toEqual([first.id]);
    expect(exchange.cancelAll(alice)).toEqual({ ok: true, value: [second.id] });
    expect(balances(exchange, alice).USD?.hold).toBe('0.0000000000000000');
  });

  it('holds quote plus the taker-fee reserve for a resting buy and releases it on cancel', () => {
    const { exchange, alice } = setup();
    const order = place(exchange, alice, { side: 'buy', price: '1000.00', size: '2' });
    // 2000 + 0.6 % = 2012
    expect(balances(exchange, alice).USD).toMatchObject({
      hold: '2012.0000000000000000',
      available: '97988.0000000000000000',
    });
    exchange.cancelOrder(alice, order.id);
    expect(balances(exchange, alice).USD).toMatchObject({
      hold: '0.0000000000000000',
      available: '100000.0000000000000000',
    });
  });

  it('executes market orders by size and by funds', () => {
    const { exchange, alice, bob } = setup();
    place(exchange, alice, { side: 'sell', price: '100.00', size: '1' });
    place(exchange, alice, { side: 'sell', price: '101.00', size: '1' });
    const bySize = place(exchange, bob, { type: 'market', side: 'buy', size: '1.5' });
    const order = exchange.getOrder(bob, bySize.id);
    expect(order.ok && order.value).toMatchObject({
      status: 'done',
      done_reason: 'filled',
      filled_size: '1.50000000',
      executed_value: '150.5000000000000000',
    });
    const byFunds = place(exchange, bob, { type: 'market', side: 'buy', funds: '20.00' });
    // funds after the 0.6 % reserve: 20 / 1.006
    expect(byFunds.funds).toBe('19.8807157057654075');
    expect(byFunds.specified_funds).toBe('20.0000000000000000');
    const filled = exchange.getOrder(bob, byFunds.id);
    expect(filled.ok && filled.value.filled_size).toBe('0.19683876'); // floor(19.8807157057654075 / 101, 8 decimals);
  });
});

describe('order ids', () => {
  it('accepts ids in upper case and without dashes, and refuses what is not a UUID', () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const exchange = createExchange({ clock });
    const caller = exchange.caller(exchange.addProfile({ balances: { USD: '1000' } }).profileId);
    const placed = exchange.placeOrder(caller, {
      product_id: 'BTC-USD',
      side: 'buy',
      price: '100.00',
      size: '0.1',
    });
    if (!placed.ok) throw new Error(placed.error.message);
    const id = placed.value.id;
    for (const spelling of [
      id,
      id.toUpperCase(),
      id.replaceAll('-', ''),
      id.replaceAll('-', '').toUpperCase(),
    ]) {
      expect(exchange.getOrder(caller, spelling)).toMatchObject({ ok: true, value: { id } });
    }
    for (const bad of ['', 'abc', `${id}x`, id.replace('-', '_'), `${id.slice(0, 35)}g`]) {
      expect(exchange.getOrder(caller, bad)).toEqual({
        ok: false,
        error: { status: 400, message: 'Invalid order id' },
      });
    }
  });
});

describe('event delivery', () => {
  it('delivers events after the command, so a listener may trade from inside its handler', () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const exchange = createExchange({ clock });
    const maker = exchange.caller(exchange.addProfile({ balances: { BTC: '10' } }).profileId);
    const reactor = exchange.caller(exchange.addProfile({ balances: { USD: '100000' } }).profileId);
    const seen: string[] = [];
    let reacted = false;
    exchange.onEvent((event) => {
      if (event.kind !== 'full') return;
      seen.push(`${event.message.type}:${event.message.sequence}`);
      // On the first open ask, buy it right away (a re-entrant command).
      if (!reacted && event.message.type === 'open' && event.message.side === 'sell') {
        reacted = true;
        const bought = exchange.placeOrder(reactor, {
          product_id: 'BTC-USD',
          type: 'market',
          side: 'buy',
          size: '0.5',
        });
        expect(bought.ok).toBe(true);
      }
      throw new Error('a failing listener does not disturb the exchange');
    });
    const placed = exchange.placeOrder(maker, {
      product_id: 'BTC-USD',
      side: 'sell',
      price: '100.00',
      size: '1',
    });
    expect(placed.ok).toBe(true);
    expect(seen).toEqual(['received:1', 'open:2', 'received:3', 'match:4', 'done:5']);
    const book = exchange.book('BTC-USD', 2);
    expect(book.ok && book.value.asks).toEqual([['100.00', '0.50000000', 1]]);
  });
});
