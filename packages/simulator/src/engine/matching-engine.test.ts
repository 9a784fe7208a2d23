import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SelfTradePreventionWire, SideWire } from '../exchange/contract.js';
import { type EngineOrder, NO_FUNDS, UNLIMITED_SIZE } from './engine-order.js';
import { MatchingEngine, type MatchingListener } from './matching-engine.js';

interface TestOrder extends EngineOrder {
  sequence: number;
}

let nextId = 0;
function order(
  side: SideWire,
  priceTicks: number,
  size: number,
  userId = `user-${nextId}`,
  stp: SelfTradePreventionWire = 'dc',
): TestOrder {
  nextId += 1;
  return {
    id: `order-${nextId}`,
    sequence: nextId,
    side,
    userId,
    stp,
    isMarket: false,
    priceTicks,
    remaining: size,
    fundsRemaining: NO_FUNDS,
    level: undefined,
  };
}

function recordingEngine(notionalScale = 1n) {
  const log: string[] = [];
  const trades: Array<[string, string, number, number]> = [];
  const listener: MatchingListener<TestOrder> = {
    traded: (maker, taker, priceTicks, size) => {
      trades.push([maker.id, taker.id, priceTicks, size]);
      log.push(`match ${maker.id}<-${taker.id} ${size}@${priceTicks}`);
    },
    affordable: (_taker, _price, wanted) => wanted,
    changed: (changed, oldRemaining) =>
      log.push(`change ${changed.id} ${oldRemaining}->${changed.remaining}`),
    finished: (done, reason, cancelReason) =>
      log.push(`done ${done.id} ${reason}${cancelReason ? ` ${cancelReason}` : ''}`),
    rested: (rested) => log.push(`open ${rested.id}`),
    levelChanged: () => {},
  };
  return { engine: new MatchingEngine<TestOrder>(notionalScale, listener), log, trades };
}

/** The book as [price, total, count] rows and the order ids in priority order, best first. */
function snapshot(engine: MatchingEngine<TestOrder>) {
  const side = (book: typeof engine.bids) =>
    [...book.bestFirst()].map((level) => [
      level.priceTicks,
      level.size,
      level.count,
      [...level.orders()].map((resting) => resting.id),
    ]);
  return { bids: side(engine.bids), asks: side(engine.asks) };
}

describe('MatchingEngine', () => {
  it('matches by price, then time, at the maker price', () => {
    const { engine, trades, log } = recordingEngine();
    const first = order('sell', 101, 5);
    const second = order('sell', 100, 5);
    const third = order('sell', 100, 5);
    for (const resting of [first, second, third]) engine.submit(resting, 'rest');
    const taker = order('buy', 105, 12);
    engine.submit(taker, 'rest');
    expect(trades).toEqual([
      [second.id, taker.id, 100, 5],
      [third.id, taker.id, 100, 5],
      [first.id, taker.id, 101, 2],
    ]);
    expect(log.slice(-3)).toEqual([
      `done ${third.id} filled`,
      `match ${first.id}<-${taker.id} 2@101`,
      `done ${taker.id} filled`,
    ]);
    expect(snapshot(engine).asks).toEqual([[101, 3, 1, [first.id]]]);
  });

  it('rests the remainder of a limit order and reports it open', () => {
    const { engine, log } = recordingEngine();
    const resting = order('buy', 99, 3);
    engine.submit(resting, 'rest');
    expect(log).toEqual([`open ${resting.id}`]);
    expect(engine.wouldCross('sell', 99)).toBe(true);
    expect(engine.wouldCross('sell', 100)).toBe(false);
  });

  it('caps a market order by funds (integer base increments it can afford)', () => {
    const { engine, trades } = recordingEngine(10n);
    engine.submit(order('sell', 100, 50), 'rest');
    const market: TestOrder = {
      ...order('buy', 0, 0),
      isMarket: true,
      remaining: UNLIMITED_SIZE,
      fundsRemaining: 12_345n,
    };
    engine.submit(market, 'cancel');
    // 12345 atoms / (100 ticks × 10 atoms) = 12 increments.
    expect(trades.at(-1)).toEqual([expect.any(String), market.id, 100, 12]);
    expect(market.fundsRemaining).toBe(345n);
  });

  it.each([
    ['a wide book', 90, 110, 300, 100],
    // Few prices and many orders: long queues exercise lazy removal and compaction.
    ['long queues at few prices', 99, 101, 1200, 20],
  ])(
    'agrees with a naive reference book on random limit orders and cancels (%s)',
    (_name, lowest, highest, maxLength, numRuns) => {
      const step = fc.oneof(
        fc.record({
          kind: fc.constant<'limit'>('limit'),
          side: fc.constantFrom<SideWire>('buy', 'sell'),
          price: fc.integer({ min: lowest, max: highest }),
          size: fc.integer({ min: 1, max: 20 }),
        }),
        fc.record({ kind: fc.constant<'cancel'>('cancel'), pick: fc.nat() }),
      );
      fc.assert(
        fc.property(fc.array(step, { maxLength }), (steps) => {
          const { engine, trades } = recordingEngine();
          // The reference keeps its own copies: the engine mutates the orders it is given.
          const reference: TestOrder[] = [];
          const engineOrders = new Map<string, TestOrder>();
          const referenceTrades: Array<[string, string, number, number]> = [];
          for (const action of steps) {
            if (action.kind === 'cancel') {
              if (reference.length === 0) continue;
              const victim = reference[action.pick % reference.length] as TestOrder;
              reference.splice(reference.indexOf(victim), 1);
              engine.remove(engineOrders.get(victim.id) as TestOrder);
              continue;
            }
            const incoming = order(action.side, action.price, action.size);
            const shadow = { ...incoming };
            // Reference: repeatedly take the best-priced, oldest crossing order.
            for (;;) {
              const candidates = reference.filter(
                (resting) =>
                  resting.side !== shadow.side &&
                  (shadow.side === 'buy'
                    ? resting.priceTicks <= shadow.priceTicks
                    : resting.priceTicks >= shadow.priceTicks),
              );
              if (candidates.length === 0 || shadow.remaining === 0) break;
              candidates.sort((left, right) =>
                left.priceTicks !== right.priceTicks
                  ? shadow.side === 'buy'
                    ? left.priceTicks - right.priceTicks
                    : right.priceTicks - left.priceTicks
                  : left.sequence - right.sequence,
              );
              const maker = candidates[0] as TestOrder;
              const size = Math.min(maker.remaining, shadow.remaining);
              referenceTrades.push([maker.id, shadow.id, maker.priceTicks, size]);
              maker.remaining -= size;
              shadow.remaining -= size;
              if (maker.remaining === 0) reference.splice(reference.indexOf(maker), 1);
            }
            engineOrders.set(incoming.id, incoming);
            engine.submit(incoming, 'rest');
            if (shadow.remaining > 0) reference.push(shadow);
          }
          expect(trades).toEqual(referenceTrades);
          // Same resting orders, same remaining sizes, same priority.
          const expected = (side: SideWire) => {
            const resting = reference.filter((candidate) => candidate.side === side);
            const prices = [...new Set(resting.map((candidate) => candidate.priceTicks))].sort(
              (left, right) => (side === 'buy' ? right - left : left - right),
            );
            return prices.map((price) => {
              const atPrice = resting
                .filter((candidate) => candidate.priceTicks === price)
                .sort((left, right) => left.sequence - right.sequence);
              return [
                price,
                atPrice.reduce((sum, candidate) => sum + candidate.remaining, 0),
                atPrice.length,
                atPrice.map((candidate) => candidate.id),
              ];
            });
          };
          expect(snapshot(engine)).toEqual({ bids: expected('buy'), asks: expected('sell') });
        }),
        { numRuns },
      );
    },
  );
});
