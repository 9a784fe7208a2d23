import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FullChannelMessage, SideWire } from '../messages.js';
import { Level3Book, type Level3Entry, type Level3Snapshot } from './level3-book.js';

const base = { product_id: 'BTC-USD', time: 't' };

function open(
  sequence: number,
  orderId: string,
  side: SideWire,
  price: string,
  size: string,
): FullChannelMessage {
  return { ...base, type: 'open', sequence, order_id: orderId, side, price, remaining_size: size };
}

describe('Level3Book', () => {
  const snapshot: Level3Snapshot = {
    sequence: 10,
    bids: [
      ['100.00', '1', 'b1'],
      ['100.00', '2', 'b2'],
      ['99.50', '0.5', 'b3'],
    ],
    asks: [['101.00', '3', 'a1']],
    time: 'snap',
  };

  it('loads a snapshot and aggregates levels exactly', () => {
    const book = new Level3Book('BTC-USD');
    expect(book.trusted).toBe(false);
    book.loadSnapshot(snapshot);
    expect(book.trusted).toBe(true);
    expect(book.sequence).toBe(10);
    expect(book.bestBid()).toEqual({ price: '100.00', size: '3', orderCount: 2 });
    expect(book.bestAsk()).toEqual({ price: '101.00', size: '3', orderCount: 1 });
    expect(book.depth(5).bids).toEqual([
      { price: '100.00', size: '3', orderCount: 2 },
      { price: '99.50', size: '0.5', orderCount: 1 },
    ]);
    expect(book.spread()?.toFixed()).toBe('1');
    expect(book.mid()?.toFixed()).toBe('100.5');
    expect(book.ordersAt('buy', '100').map((order) => order.orderId)).toEqual(['b1', 'b2']);
    expect(book.orderCount).toBe(4);
  });

  it('applies open, match, change and done by sequence', () => {
    const book = new Level3Book('BTC-USD');
    book.loadSnapshot(snapshot);
    const messages: FullChannelMessage[] = [
      { ...base, type: 'received', sequence: 11, order_id: 'x', side: 'sell', order_type: 'limit' },
      {
        ...base,
        type: 'match',
        sequence: 12,
        trade_id: 1,
        maker_order_id: 'b1',
        taker_order_id: 'x',
        side: 'buy',
        price: '100.00',
        size: '0.4',
      },
      open(13, 'a2', 'sell', '100.50', '0.25'),
      { ...base, type: 'change', sequence: 14, order_id: 'b2', side: 'buy', new_size: '1.5', old_size: '2' },
      { ...base, type: 'done', sequence: 15, order_id: 'b3', side: 'buy', reason: 'canceled' },
      { ...base, type: 'done', sequence: 16, order_id: 'not-resting', side: 'buy', reason: 'filled' },
    ];
    for (const message of messages) expect(book.apply(message)).toBe('applied');
    expect(book.sequence).toBe(16);
    expect(book.depth(5)).toEqual({
      bids: [{ price: '100.00', size: '2.1', orderCount: 2 }],
      asks: [
        { price: '100.50', size: '0.25', orderCount: 1 },
        { price: '101.00', size: '3', orderCount: 1 },
      ],
    });
    expect(book.order('b1')).toEqual({ orderId: 'b1', side: 'buy', price: '100.00', size: '0.6' });
  });

  it('moves an order on modify_order and loses its priority', () => {
    const book = new Level3Book('BTC-USD');
    book.loadSnapshot(snapshot);
    book.apply({
      ...base,
      type: 'change',
      reason: 'modify_order',
      sequence: 11,
      order_id: 'b3',
      side: 'buy',
      old_price: '99.50',
      new_price: '100.00',
      old_size: '0.5',
      new_size: '0.7',
    });
    expect(book.ordersAt('buy', '100.00').map((order) => [order.orderId, order.size])).toEqual([
      ['b1', '1'],
      ['b2', '2'],
      ['b3', '0.7'],
    ]);
    expect(book.bidLevels).toBe(1);
  });

  it('skips what the snapshot already holds and reports a gap without applying it', () => {
    const book = new Level3Book('BTC-USD');
    book.loadSnapshot(snapshot);
    expect(book.apply(open(9, 'old', 'buy', '1', '1'))).toBe('skipped');
    expect(book.apply(open(10, 'old', 'buy', '1', '1'))).toBe('skipped');
    expect(book.apply(open(12, 'new', 'buy', '1', '1'))).toBe('gap');
    expect(book.order('new')).toBeUndefined();
    expect(book.sequence).toBe(10);
    expect(book.apply(open(11, 'next', 'buy', '1', '1'))).toBe('applied');
  });

  it('replaces the book on a new snapshot', () => {
    const book = new Level3Book('BTC-USD');
    book.loadSnapshot(snapshot);
    book.apply(open(11, 'extra', 'buy', '98', '1'));
    book.loadSnapshot({ sequence: 50, bids: [['90', '1', 'z']], asks: [] });
    expect(book.orders()).toEqual({
      bids: [{ orderId: 'z', side: 'buy', price: '90', size: '1' }],
      asks: [],
    });
    expect(book.sequence).toBe(50);
  });
});

/** A naive exchange book: a flat list of orders in arrival order. */
interface ModelOrder {
  orderId: string;
  side: SideWire;
  price: string;
  size: string;
}

function modelSorted(orders: ModelOrder[], side: SideWire): ModelOrder[] {
  // Stable sort keeps time priority inside a price.
  return orders
    .filter((order) => order.side === side)
    .sort((left, right) => {
      const order = new Decimal(left.price).comparedTo(right.price);
      return side === 'buy' ? -order : order;
    });
}

type Operation =
  | { kind: 'open'; side: SideWire; ticks: number; units: number }
  | { kind: 'done'; pick: number }
  | { kind: 'match'; pick: number; fraction: number }
  | { kind: 'resize'; pick: number; units: number }
  | { kind: 'move'; pick: number; ticks: number }
  | { kind: 'received' };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('open' as const),
    side: fc.constantFrom<SideWire>('buy', 'sell'),
    ticks: fc.integer({ min: 0, max: 30 }),
    units: fc.integer({ min: 1, max: 100_000 }),
  }),
  fc.record({ kind: fc.constant('done' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('match' as const),
    pick: fc.nat(),
    fraction: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    kind: fc.constant('resize' as const),
    pick: fc.nat(),
    units: fc.integer({ min: 1, max: 100_000 }),
  }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), ticks: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ kind: fc.constant('received' as const) }),
);

/** Turns operations into a valid `full` stream plus the model's order list after each message. */
function buildStream(operations: Operation[]): { messages: FullChannelMessage[]; states: ModelOrder[][] } {
  const orders: ModelOrder[] = [];
  const messages: FullChannelMessage[] = [];
  const states: ModelOrder[][] = [[]];
  let sequence = 0;
  let nextId = 0;
  const priceOf = (side: SideWire, ticks: number) =>
    // Bids at or below 100, asks above: the stream never crosses. Spelled with 2–4 decimals on purpose.
    (side === 'buy' ? new Decimal(100).minus(ticks / 4) : new Decimal(100.25).plus(ticks / 4)).toFixed(
      2 + (ticks % 3),
    );
  for (const step of operations) {
    sequence += 1;
    const target = orders.length > 0 && 'pick' in step ? orders[step.pick % orders.length] : undefined;
    const meta = { product_id: 'BTC-USD', time: `t${sequence}`, sequence };
    if (step.kind === 'open') {
      const order = {
        orderId: `o${nextId++}`,
        side: step.side,
        price: priceOf(step.side, step.ticks),
        size: new Decimal(step.units).dividedBy(1e4).toFixed(),
      };
      orders.push(order);
      messages.push({
        ...meta,
        type: 'open',
        order_id: order.orderId,
        side: order.side,
        price: order.price,
        remaining_size: order.size,
      });
    } else if (step.kind === 'done' && target) {
      orders.splice(orders.indexOf(target), 1);
      messages.push({
        ...meta,
        type: 'done',
        order_id: target.orderId,
        side: target.side,
        reason: 'canceled',
      });
    } else if (step.kind === 'match' && target) {
      const size = new Decimal(target.size).dividedBy(step.fraction).toDecimalPlaces(4, Decimal.ROUND_DOWN);
      target.size = new Decimal(target.size).minus(size).toFixed();
      messages.push({
        ...meta,
        type: 'match',
        trade_id: sequence,
        maker_order_id: target.orderId,
        taker_order_id: 'taker',
        side: target.side,
        price: target.price,
        size: size.toFixed(),
      });
    } else if (step.kind === 'resize' && target) {
      const newSize = new Decimal(step.units).dividedBy(1e4).toFixed();
      messages.push({
        ...meta,
        type: 'change',
        reason: 'STP',
        order_id: target.orderId,
        side: target.side,
        price: target.price,
        old_size: target.size,
        new_size: newSize,
      });
      target.size = newSize;
    } else if (step.kind === 'move' && target) {
      const newPrice = priceOf(target.side, step.ticks);
      messages.push({
        ...meta,
        type: 'change',
        reason: 'modify_order',
        order_id: target.orderId,
        side: target.side,
        old_price: target.price,
        new_price: newPrice,
        old_size: target.size,
        new_size: target.size,
      });
      if (!new Decimal(newPrice).eq(target.price)) {
        orders.splice(orders.indexOf(target), 1);
        orders.push({ ...target, price: newPrice });
      }
    } else {
      messages.push({
        ...meta,
        type: 'received',
        order_id: `r${sequence}`,
        side: 'buy',
        order_type: 'market',
      });
    }
    states.push(orders.map((order) => ({ ...order })));
  }
  return { messages, states };
}

function snapshotOf(orders: ModelOrder[], sequence: number): Level3Snapshot {
  const entry = (order: ModelOrder): Level3Entry => [order.price, order.size, order.orderId];
  return {
    sequence,
    bids: modelSorted(orders, 'buy').map(entry),
    asks: modelSorted(orders, 'sell').map(entry),
  };
}

function expectSameOrders(book: Level3Book, orders: ModelOrder[]): void {
  const normalise = (list: ReadonlyArray<{ orderId: string; price: string; size: string }>) =>
    list.map((order) => [
      order.orderId,
      new Decimal(order.price).toFixed(),
      new Decimal(order.size).toFixed(),
    ]);
  const actual = book.orders();
  expect(normalise(actual.bids)).toEqual(normalise(modelSorted(orders, 'buy')));
  expect(normalise(actual.asks)).toEqual(normalise(modelSorted(orders, 'sell')));
}

describe('Level3Book against a naive reference model (property)', () => {
  it('equals the model after any valid full stream', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 150 }), (operations) => {
        const { messages, states } = buildStream(operations);
        const book = new Level3Book('BTC-USD');
        book.loadSnapshot({ sequence: 0, bids: [], asks: [] });
        for (const message of messages) expect(book.apply(message)).toBe('applied');
        expectSameOrders(book, states[states.length - 1] ?? []);
        const best = modelSorted(states[states.length - 1] ?? [], 'buy')[0];
        expect(
          book.bestBid()?.price === undefined ? undefined : new Decimal(book.bestBid()!.price).toFixed(),
        ).toBe(best ? new Decimal(best.price).toFixed() : undefined);
        expect(book.isCrossed()).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('snapshot at any sequence + the overlapping stream (buffered) equals the model', () => {
    fc.assert(
      fc.property(
        fc.array(operation, { minLength: 1, maxLength: 120 }),
        fc.nat(),
        fc.nat(),
        (operations, snapshotPick, bufferPick) => {
          const { messages, states } = buildStream(operations);
          const snapshotSequence = snapshotPick % (messages.length + 1);
          // The buffer starts at or before the message after the snapshot, as a real sync does.
          const bufferStart = bufferPick % (snapshotSequence + 1);
          const book = new Level3Book('BTC-USD');
          book.loadSnapshot(snapshotOf(states[snapshotSequence] ?? [], snapshotSequence));
          for (const message of messages.slice(bufferStart)) {
            const expected =
              (message as { sequence: number }).sequence <= snapshotSequence ? 'skipped' : 'applied';
            expect(book.apply(message)).toBe(expected);
          }
          expectSameOrders(book, states[states.length - 1] ?? []);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports a gap for any dropped message and never applies past it', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 2, maxLength: 80 }), fc.nat(), (operations, dropPick) => {
        const { messages } = buildStream(operations);
        const dropped = dropPick % (messages.length - 1);
        const book = new Level3Book('BTC-USD');
        book.loadSnapshot({ sequence: 0, bids: [], asks: [] });
        const results = messages
          .filter((_, index) => index !== dropped)
          .map((message) => book.apply(message));
        expect(results.slice(0, dropped).every((result) => result === 'applied')).toBe(true);
        expect(results.slice(dropped).every((result) => result === 'gap')).toBe(true);
        expect(book.sequence).toBe(dropped);
      }),
      { numRuns: 100 },
    );
  });
});
