/**
 * A trend follower on candles: when the fast moving average of closes crosses above the slow one
 * it buys up to a target position; when it crosses below it sells back to flat (or to a short
 * target, when allowed). Orders are market orders, sized in the base currency.
 *
 * Run it: `pnpm --filter example-bot start -- --strategy trend-follower --param granularitySeconds=5`.
 */
import { defineStrategy, type StrategyContext } from '@tradeloop/strategy-kit';
import { Decimal } from 'decimal.js';
import { type Crossing, MovingAverageCrossover } from './crossover.js';

/** Parameters; every one can be set with `--param name=value`. */
export interface TrendFollowerParams {
  /** Candle size in seconds. */
  granularitySeconds: number;
  /** Candles in the fast average. */
  fastPeriod: number;
  /** Candles in the slow average. */
  slowPeriod: number;
  /** Position to hold while the trend is up, in the base currency. */
  positionSize: string;
  /** Hold `-positionSize` while the trend is down (needs the base currency to sell). */
  allowShort: boolean;
}

interface TrendFollowerState {
  crossovers: Map<string, MovingAverageCrossover>;
}

type Context = StrategyContext<TrendFollowerParams, TrendFollowerState>;

export default defineStrategy<TrendFollowerParams, TrendFollowerState>({
  name: 'trend-follower',
  description: 'Follows moving-average crossovers on candles with market orders.',
  params: {
    defaults: {
      granularitySeconds: 60,
      fastPeriod: 5,
      slowPeriod: 20,
      positionSize: '0.002',
      allowShort: false,
    },
    validate(params) {
      const problems: string[] = [];
      if (!Number.isInteger(params.granularitySeconds) || params.granularitySeconds < 1) {
        problems.push(
          `granularitySeconds must be a whole number of at least 1, received ${params.granularitySeconds}`,
        );
      }
      if (!Number.isInteger(params.fastPeriod) || !Number.isInteger(params.slowPeriod)) {
        problems.push('fastPeriod and slowPeriod must be whole numbers');
      } else if (params.fastPeriod < 1 || params.fastPeriod >= params.slowPeriod) {
        problems.push(
          `expected 1 ≤ fastPeriod < slowPeriod, received ${params.fastPeriod} and ${params.slowPeriod}`,
        );
      }
      if (typeof params.positionSize !== 'string' || !/^\d+(\.\d+)?$/.test(params.positionSize)) {
        problems.push(
          `positionSize must be a positive decimal such as 0.002, received ${JSON.stringify(params.positionSize)}`,
        );
      } else if (new Decimal(params.positionSize).lte(0)) {
        problems.push('positionSize must be above 0');
      }
      if (typeof params.allowShort !== 'boolean') problems.push('allowShort must be true or false');
      return problems;
    },
  },
  candleGranularityMs: (params) => params.granularitySeconds * 1000,
  createState: () => ({ crossovers: new Map() }),

  onStart(ctx) {
    for (const productId of ctx.productIds) {
      ctx.state.crossovers.set(
        productId,
        new MovingAverageCrossover(ctx.params.fastPeriod, ctx.params.slowPeriod),
      );
    }
    ctx.log.info(
      `watching ${ctx.params.fastPeriod}/${ctx.params.slowPeriod} moving averages of ${ctx.params.granularitySeconds}s candles`,
    );
  },

  onCandle(candle, ctx) {
    const crossing = ctx.state.crossovers.get(candle.productId)?.update(candle.close);
    if (crossing !== undefined) follow(candle.productId, crossing, ctx);
  },
});

/** Moves the position toward the target the crossing calls for. */
function follow(productId: string, crossing: Crossing, ctx: Context): void {
  const size = new Decimal(ctx.params.positionSize);
  const target = crossing === 'crossed-above' ? size : ctx.params.allowShort ? size.neg() : new Decimal(0);
  const averages = ctx.state.crossovers.get(productId)?.averages;
  ctx.log.info(
    `fast average ${averages?.fast?.toFixed(2) ?? '?'} ${crossing === 'crossed-above' ? 'crossed above' : 'crossed below'} slow ${
      averages?.slow?.toFixed(2) ?? '?'
    }; target position ${target.toFixed()}`,
    { signal: crossing === 'crossed-above' ? 'buy' : 'sell', productId },
  );
  // One order at a time: the next crossing sees the result of this one.
  if (ctx.openOrders(productId).length > 0) return;
  const difference = target.minus(ctx.position(productId).size);
  const rules = ctx.product(productId);
  const amount = difference.abs().toNearest(rules.baseIncrement, Decimal.ROUND_DOWN);
  if (amount.isZero()) return;
  ctx.orders.market({ productId, side: difference.isPositive() ? 'buy' : 'sell', size: amount.toFixed() });
}
