/**
 * Orders per second through the in-process exchange for a realistic mix: 45 % resting limits,
 * 20 % crossing limits (partial and full fills), 10 % market orders, 25 % cancels, two traders
 * on BTC-USD around a drifting mid.
 *
 * 1. `SimulatedExchange.placeOrder/cancelOrder` (validation of string fields, holds, settlement
 *    with fees and ledgers off, the pending wire response) against the bare `MatchingEngine`
 *    on the same stream: the ratio is what the exchange layer costs on top of matching.
 * 2. The bare `MatchingEngine` against a textbook book (Map of price -> FIFO array, a sorted
 *    price list re-sorted on each new level, `Map.delete` of empty levels, `indexOf` + `splice`
 *    cancels), on the same stream: the ratio is what the sorted-array, lazy-removal design buys.
 *
 * Run: `pnpm --filter @tradeloop/simulator bench` (BENCH_SMOKE=1 for a short run).
 */
import { availableParallelism, loadavg } from 'node:os';
import { ManualClock } from '@tradeloop/clock';
import { compare, formatRate, printComparison, scaled } from '@tradeloop-internal/bench-harness';
import { Random } from '../core/random.js';
import type { Caller, SideWire } from '../exchange/contract.js';
import { createExchange } from '../exchange/exchange.js';
import { type EngineOrder, NO_FUNDS } from './engine-order.js';
import { MatchingEngine, type MatchingListener } from './matching-engine.js';

type Operation =
  | { kind: 'limit'; side: SideWire; priceTicks: number; size: number; trader: number }
  | { kind: 'market'; side: SideWire; size: number; trader: number }
  | { kind: 'cancel'; pick: number };

/** A fixed, seeded stream of operations; each case replays it from its own position. */
function operationStream(length: number): Operation[] {
  const random = new Random(2024);
  const operations: Operation[] = [];
  let mid = 6_425_000;
  for (let index = 0; index < length; index += 1) {
    mid += random.integer(-3, 3);
    const draw = random.next();
    const side: SideWire = random.next() < 0.5 ? 'buy' : 'sell';
    const direction = side === 'buy' ? 1 : -1;
    const trader = random.integer(0, 1);
    const size = random.integer(1, 200) * 10_000; // 0.0001 .. 0.02 BTC
    if (draw < 0.45) {
      // Resting: 1..60 ticks behind the mid on its own side.
      operations.push({
        kind: 'limit',
        side,
        priceTicks: mid - direction * random.integer(1, 60),
        size,
        trader,
      });
    } else if (draw < 0.65) {
      // Crossing: up to 20 ticks through the mid.
      operations.push({
        kind: 'limit',
        side,
        priceTicks: mid + direction * random.integer(0, 20),
        size,
        trader,
      });
    } else if (draw < 0.75) {
      operations.push({ kind: 'market', side, size, trader });
    } else {
      operations.push({ kind: 'cancel', pick: random.uint32() });
    }
  }
  return operations;
}

const STREAM = operationStream(1 << 16);

// ----------------------------------------------------------------------------- exchange

function exchangeCase() {
  const exchange = createExchange({ clock: new ManualClock(Date.UTC(2024, 0, 1)), seed: 1 });
  const balances = { USD: '100000000000', BTC: '1000000000' };
  const traders: Caller[] = [0, 1].map(() =>
    exchange.caller(exchange.addProfile({ balances, keepsHistory: false }).profileId),
  );
  // Requests are built once: the exchange's work is to parse and validate them.
  const requests = STREAM.map((operation) => {
    if (operation.kind === 'limit') {
      return {
        product_id: 'BTC-USD',
        side: operation.side,
        price: (operation.priceTicks / 100).toFixed(2),
        size: (operation.size / 1e8).toFixed(8),
      };
    }
    if (operation.kind === 'market') {
      return {
        product_id: 'BTC-USD',
        type: 'market',
        side: operation.side,
        size: (operation.size / 1e8).toFixed(8),
      };
    }
    return undefined;
  });
  const resting: Array<{ id: string; trader: number }> = [];
  let position = 0;
  let sink = 0;
  return {
    name: 'SimulatedExchange place/cancel (full path)',
    run: (iterations: number) => {
      for (let count = 0; count < iterations; count += 1) {
        const index = position++ & (STREAM.length - 1);
        const operation = STREAM[index] as Operation;
        if (operation.kind === 'cancel') {
          if (resting.length === 0) continue;
          const slot = operation.pick % resting.length;
          const target = resting[slot] as { id: string; trader: number };
          resting[slot] = resting[resting.length - 1] as { id: string; trader: number };
          resting.pop();
          sink += exchange.cancelOrder(traders[target.trader] as Caller, target.id).ok ? 1 : 0;
          continue;
        }
        const result = exchange.placeOrder(
          traders[operation.trader] as Caller,
          requests[index] as Record<string, unknown>,
        );
        if (result.ok && operation.kind === 'limit')
          resting.push({ id: result.value.id, trader: operation.trader });
        if (resting.length > 4000) resting.splice(0, 2000);
      }
    },
    sink: () => sink,
  };
}

// ----------------------------------------------------------------------------- bare engine

interface BenchOrder extends EngineOrder {
  done: boolean;
}

function engineCase() {
  let trades = 0;
  const listener: MatchingListener<BenchOrder> = {
    traded: () => {
      trades += 1;
    },
    affordable: (_taker, _price, wanted) => wanted,
    changed: () => {},
    finished: (order) => {
      order.done = true;
    },
    rested: () => {},
    levelChanged: () => {},
  };
  const engine = new MatchingEngine<BenchOrder>(1_000_000n, listener);
  const resting: BenchOrder[] = [];
  let position = 0;
  let nextId = 0;
  return {
    name: 'MatchingEngine submit/remove (core only)',
    run: (iterations: number) => {
      for (let count = 0; count < iterations; count += 1) {
        const operation = STREAM[position++ & (STREAM.length - 1)] as Operation;
        if (operation.kind === 'cancel') {
          if (resting.length === 0) continue;
          const slot = operation.pick % resting.length;
          const target = resting[slot] as BenchOrder;
          resting[slot] = resting[resting.length - 1] as BenchOrder;
          resting.pop();
          if (!target.done) {
            engine.remove(target);
            target.done = true;
          }
          continue;
        }
        const order: BenchOrder = {
          id: String(nextId++),
          side: operation.side,
          userId: operation.trader === 0 ? 'a' : 'b',
          stp: 'dc',
          isMarket: operation.kind === 'market',
          priceTicks: operation.kind === 'limit' ? operation.priceTicks : 0,
          remaining: operation.size,
          fundsRemaining: NO_FUNDS,
          level: undefined,
          done: false,
        };
        engine.submit(order, operation.kind === 'market' ? 'cancel' : 'rest');
        if (!order.done) resting.push(order);
        if (resting.length > 4000) resting.splice(0, 2000);
      }
    },
    sink: () => trades,
  };
}

// ----------------------------------------------------------------------------- textbook baseline

interface NaiveOrder {
  id: number;
  side: SideWire;
  userId: string;
  priceTicks: number;
  remaining: number;
  done: boolean;
}

/** Price-time matching the obvious way: Map of levels, re-sorted price lists, deletes and splices. */
class NaiveBook {
  readonly levels = { buy: new Map<number, NaiveOrder[]>(), sell: new Map<number, NaiveOrder[]>() };
  readonly prices: Record<SideWire, number[]> = { buy: [], sell: [] };
  trades = 0;

  submit(order: NaiveOrder, isMarket: boolean): void {
    const opposite: SideWire = order.side === 'buy' ? 'sell' : 'buy';
    const prices = this.prices[opposite];
    const levels = this.levels[opposite];
    while (order.remaining > 0 && prices.length > 0) {
      const best = prices[0] as number;
      if (!isMarket && (order.side === 'buy' ? order.priceTicks < best : order.priceTicks > best)) break;
      const queue = levels.get(best) as NaiveOrder[];
      const maker = queue[0] as NaiveOrder;
      if (maker.userId === order.userId) {
        // dc, simplified: cancel the resting order and go on.
        queue.shift();
        maker.done = true;
      } else {
        const size = Math.min(maker.remaining, order.remaining);
        maker.remaining -= size;
        order.remaining -= size;
        this.trades += 1;
        if (maker.remaining === 0) {
          queue.shift();
          maker.done = true;
        }
      }
      if (queue.length === 0) {
        levels.delete(best);
        prices.shift();
      }
    }
    if (order.remaining === 0 || isMarket) {
      order.done = true;
      return;
    }
    const own = this.levels[order.side];
    let queue = own.get(order.priceTicks);
    if (queue === undefined) {
      queue = [];
      own.set(order.priceTicks, queue);
      this.prices[order.side].push(order.priceTicks);
      this.prices[order.side].sort((left, right) => (order.side === 'buy' ? right - left : left - right));
    }
    queue.push(order);
  }

  cancel(order: NaiveOrder): void {
    const levels = this.levels[order.side];
    const queue = levels.get(order.priceTicks);
    if (queue === undefined) return;
    queue.splice(queue.indexOf(order), 1);
    if (queue.length === 0) {
      levels.delete(order.priceTicks);
      const prices = this.prices[order.side];
      prices.splice(prices.indexOf(order.priceTicks), 1);
    }
    order.done = true;
  }
}

function naiveCase() {
  const book = new NaiveBook();
  const resting: NaiveOrder[] = [];
  let position = 0;
  let nextId = 0;
  return {
    name: 'textbook book (Map + re-sort + splice)',
    run: (iterations: number) => {
      for (let count = 0; count < iterations; count += 1) {
        const operation = STREAM[position++ & (STREAM.length - 1)] as Operation;
        if (operation.kind === 'cancel') {
          if (resting.length === 0) continue;
          const slot = operation.pick % resting.length;
          const target = resting[slot] as NaiveOrder;
          resting[slot] = resting[resting.length - 1] as NaiveOrder;
          resting.pop();
          if (!target.done) book.cancel(target);
          continue;
        }
        const order: NaiveOrder = {
          id: nextId++,
          side: operation.side,
          userId: operation.trader === 0 ? 'a' : 'b',
          priceTicks: operation.kind === 'limit' ? operation.priceTicks : 0,
          remaining: operation.size,
          done: false,
        };
        book.submit(order, operation.kind === 'market');
        if (!order.done) resting.push(order);
        if (resting.length > 4000) resting.splice(0, 2000);
      }
    },
    sink: () => book.trades,
  };
}

const iterations = scaled(200_000);
const exchange = exchangeCase();
const engine = engineCase();
const naive = naiveCase();
printComparison(
  'In-process exchange, realistic order mix on BTC-USD (orders + cancels per second)',
  await compare(exchange, engine, { iterations }),
);
printComparison(
  'Matching core against a textbook book, same stream',
  await compare(engineCase(), naive, { iterations }),
);

// On a shared machine wall time counts other processes' work too; CPU time of this process does not.
const cpuCase = exchangeCase();
cpuCase.run(iterations / 10);
const cpuBefore = process.cpuUsage();
const wallBefore = process.hrtime.bigint();
cpuCase.run(iterations * 2);
const cpu = process.cpuUsage(cpuBefore);
const wallSeconds = Number(process.hrtime.bigint() - wallBefore) / 1e9;
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  `Full path by CPU time: ${formatRate((iterations * 2) / cpuSeconds)} (wall ${formatRate((iterations * 2) / wallSeconds)}, load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores)`,
);
if (exchange.sink() + engine.sink() + naive.sink() + cpuCase.sink() === 0) {
  console.log('(no trades happened: the stream is broken)');
}
