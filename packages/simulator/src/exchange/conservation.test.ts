import { ManualClock } from '@tradeloop/clock';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Caller } from './contract.js';
import { createExchange, type SimulatedExchange } from './exchange.js';

type Action =
  | {
      kind: 'limit' | 'stop';
      trader: number;
      product: number;
      side: 'buy' | 'sell';
      offset: number;
      size: number;
      timeInForce: 'GTC' | 'GTT' | 'IOC' | 'FOK';
      stp: 'dc' | 'co' | 'cn' | 'cb';
      postOnly: boolean;
    }
  | {
      kind: 'market';
      trader: number;
      product: number;
      side: 'buy' | 'sell';
      bySize: boolean;
      amount: number;
      stp: 'dc' | 'co' | 'cn' | 'cb';
    }
  | { kind: 'cancel'; trader: number; pick: number }
  | { kind: 'cancel-all'; trader: number }
  | { kind: 'advance'; ms: number };

const PRODUCTS = ['BTC-USD', 'ETH-USD', 'ETH-BTC'] as const;
const CENTER = {
  'BTC-USD': new Decimal('64250.00'),
  'ETH-USD': new Decimal('3150.00'),
  'ETH-BTC': new Decimal('0.04903'),
};
const TICK = {
  'BTC-USD': new Decimal('0.01'),
  'ETH-USD': new Decimal('0.01'),
  'ETH-BTC': new Decimal('0.00001'),
};
const ATOM = new Decimal('1e-16');

const side = fc.constantFrom<'buy' | 'sell'>('buy', 'sell');
const stp = fc.constantFrom<'dc' | 'co' | 'cn' | 'cb'>('dc', 'co', 'cn', 'cb');
const trader = fc.integer({ min: 0, max: 4 });
const product = fc.integer({ min: 0, max: 2 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constantFrom<'limit' | 'stop'>('limit', 'limit', 'limit', 'stop'),
      trader,
      product,
      side,
      offset: fc.integer({ min: -8, max: 8 }),
      size: fc.integer({ min: 1, max: 400 }),
      timeInForce: fc.constantFrom<'GTC' | 'GTT' | 'IOC' | 'FOK'>(
        'GTC',
        'GTC',
        'GTC',
        'GTC',
        'GTT',
        'IOC',
        'FOK',
      ),
      stp,
      postOnly: fc.integer({ min: 0, max: 3 }).map((draw) => draw === 0),
    }),
    weight: 20,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant<'market'>('market'),
      trader,
      product,
      side,
      bySize: fc.boolean(),
      amount: fc.integer({ min: 1, max: 300 }),
      stp,
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant<'cancel'>('cancel'), trader, pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant<'cancel-all'>('cancel-all'), trader }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant<'advance'>('advance'),
      ms: fc.integer({ min: 1, max: 40_000 }),
    }),
    weight: 1,
  },
);

function apply(exchange: SimulatedExchange, traders: Caller[], step: Action): void {
  if (step.kind === 'advance') {
    (exchange.clock as ManualClock).advanceBy(step.ms);
    return;
  }
  const caller = traders[step.trader] as Caller;
  if (step.kind === 'cancel') {
    const open = exchange.listOrders(caller, { statuses: [] }, { limit: 1000 });
    if (!open.ok || open.value.items.length === 0) return;
    const target = open.value.items[step.pick % open.value.items.length];
    if (target !== undefined) check(exchange.cancelOrder(caller, target.id).ok, 'cancel of an open order');
    return;
  }
  if (step.kind === 'cancel-all') {
    check(exchange.cancelAll(caller).ok, 'cancel all');
    return;
  }
  const productId = PRODUCTS[step.product] as (typeof PRODUCTS)[number];
  // Prices cluster around the last trade so orders cross often.
  const lastTicks = exchange.lastPriceTicks(productId);
  const center = lastTicks === undefined ? CENTER[productId] : TICK[productId].times(lastTicks);
  let result: ReturnType<SimulatedExchange['placeOrder']>;
  if (step.kind === 'market') {
    const amount = step.bySize
      ? { size: new Decimal(step.amount).times(productId === 'BTC-USD' ? '0.0001' : '0.01').toFixed() }
      : {
          funds:
            productId === 'ETH-BTC'
              ? new Decimal(step.amount).times('0.0001').toFixed()
              : String(step.amount * 10),
        };
    result = exchange.placeOrder(caller, {
      product_id: productId,
      type: 'market',
      side: step.side,
      stp: step.stp,
      ...amount,
    });
  } else {
    const price = center.plus(TICK[productId].times(step.offset * 2)).toFixed();
    const size = new Decimal(step.size).times(productId === 'BTC-USD' ? '0.0001' : '0.01').toFixed();
    const request: Record<string, unknown> = {
      product_id: productId,
      side: step.side,
      price,
      size,
      stp: step.stp,
      time_in_force: step.timeInForce,
      post_only: step.postOnly && (step.timeInForce === 'GTC' || step.timeInForce === 'GTT'),
    };
    if (step.timeInForce === 'GTT') request.cancel_after = 'min';
    if (step.kind === 'stop') {
      request.stop = step.side === 'buy' ? 'entry' : 'loss';
      request.stop_price = price;
    }
    result = exchange.placeOrder(caller, request);
  }
  // Refusals are fine (funds, post only, minimums); they must be 400s with a message.
  if (!result.ok) check(result.error.status === 400, `refusal status ${result.error.status}`);
}

/** The hold an open order needs, computed independently with decimal.js. */
function expectedHold(
  exchange: SimulatedExchange,
  order: ReturnType<SimulatedExchange['openOrders']>[number],
): Decimal {
  const product = order.product;
  const tick = new Decimal(product.quoteIncrement);
  const unit = new Decimal(product.baseIncrement);
  if (order.status === 'active' && order.isMarket) return new Decimal(order.hold.toString()).times(ATOM);
  const size = unit.times(order.remaining);
  if (order.side === 'sell') return size;
  const taker = new Decimal(order.takerPpm.toString()).dividedBy(1_000_000);
  void exchange;
  return tick.times(order.priceTicks).times(size).times(taker.plus(1)).dividedBy(ATOM).ceil().times(ATOM);
}

/** A plain assertion: vitest's expect is too slow for checks after every one of thousands of steps. */
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`invariant broken: ${message}`);
}

function checkInvariants(exchange: SimulatedExchange): void {
  const book = exchange.accountBook;
  for (const currency of exchange.currencyIds()) {
    // Conservation: balances + collected fees = what was deposited.
    check(book.total(currency) === book.deposits(currency), `${currency} not conserved`);
  }
  const holdsByAccount = new Map<string, bigint>();
  for (const order of exchange.openOrders()) {
    check(
      new Decimal(order.hold.toString()).times(ATOM).equals(expectedHold(exchange, order)),
      `hold of ${order.id}`,
    );
    holdsByAccount.set(order.holdAccount.id, (holdsByAccount.get(order.holdAccount.id) ?? 0n) + order.hold);
    if (order.status === 'open') check(order.level !== undefined, `open order ${order.id} not on the book`);
  }
  for (const account of book.all()) {
    check(account.balance >= 0n, `negative balance in ${account.id}`);
    check(account.hold === (holdsByAccount.get(account.id) ?? 0n), `hold of account ${account.id}`);
    check(account.available >= 0n, `negative available in ${account.id}`);
  }
  for (const productId of PRODUCTS) {
    const engine = exchange.engineOf(productId);
    for (const side of [engine?.bids, engine?.asks]) {
      for (const level of side?.levels ?? []) {
        let size = 0;
        let count = 0;
        for (const order of level.orders()) {
          size += order.remaining;
          count += 1;
        }
        check(level.size === size && level.count === count && count > 0, `level ${level.priceTicks} totals`);
      }
    }
    const bid = engine?.bids.best();
    const ask = engine?.asks.best();
    if (bid !== undefined && ask !== undefined)
      check(bid.priceTicks < ask.priceTicks, `${productId} book crossed`);
  }
}

describe('conservation under random trading', () => {
  it('keeps every currency conserved, balances non-negative and holds equal to open-order needs after every step', () => {
    // The runs must actually exercise the rules they claim to check.
    const seen = { matches: 0, selfTradeCancels: 0, stopsTriggered: 0, expired: 0, fees: 0n };
    fc.assert(
      fc.property(
        fc.array(action, { minLength: 60, maxLength: 160 }),
        fc.integer({ min: 1, max: 1000 }),
        (actions, seed) => {
          const exchange = createExchange({ clock: new ManualClock(Date.UTC(2024, 0, 1)), seed });
          const traders: Caller[] = [];
          const first = exchange.addProfile({ balances: { USD: '500000', BTC: '5', ETH: '80' } });
          traders.push(exchange.caller(first.profileId));
          // Same user as the first: self-trade prevention applies across these two profiles.
          traders.push(
            exchange.caller(
              exchange.addProfile({ balances: { USD: '300000', BTC: '3', ETH: '50' }, userId: first.userId })
                .profileId,
            ),
          );
          traders.push(
            exchange.caller(
              exchange.addProfile({ balances: { USD: '400000', BTC: '4', ETH: '60' } }).profileId,
            ),
          );
          traders.push(
            exchange.caller(
              exchange.addProfile({ balances: { USD: '600000', BTC: '6', ETH: '90' } }).profileId,
            ),
          );
          traders.push(
            exchange.caller(
              exchange.addProfile({
                balances: { USD: '2000', BTC: '0.05', ETH: '1' },
                fees: { maker: '0', taker: '0.0025' },
              }).profileId,
            ),
          );
          exchange.onEvent((event) => {
            if (event.kind !== 'full') return;
            const type = event.message.type;
            if (type === 'match') seen.matches += 1;
            if (type === 'done' && event.privateFields?.cancel_reason === '102:Self Trade Prevention')
              seen.selfTradeCancels += 1;
            if (type === 'done' && event.privateFields?.cancel_reason === '101:Time In Force')
              seen.expired += 1;
            if (
              type === 'received' &&
              event.message.order_type === 'limit' &&
              stopIds.has(String(event.message.order_id))
            )
              seen.stopsTriggered += 1;
            if (type === 'activate') stopIds.add(String(event.message.order_id));
          });
          const stopIds = new Set<string>();
          for (const step of actions) {
            apply(exchange, traders, step);
            checkInvariants(exchange);
          }
          for (const currency of exchange.currencyIds())
            seen.fees += exchange.accountBook.collectedFees(currency);
        },
      ),
      { numRuns: 15, seed: 20240101 },
    );
    expect(seen.matches).toBeGreaterThan(150);
    expect(seen.selfTradeCancels).toBeGreaterThan(5);
    expect(seen.stopsTriggered).toBeGreaterThan(5);
    expect(seen.expired).toBeGreaterThan(0);
    expect(seen.fees).toBeGreaterThan(0n);
  }, 60_000); // a CPU-bound property run: a safety limit for a loaded machine, not a speed check
});
