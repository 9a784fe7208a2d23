/** Strategies the tests and the benchmark run: plain plugins, exactly as a user writes them. */
import { type Candle, defineStrategy, type StrategyContext } from '@tradeloop/strategy-kit';
import { Decimal } from 'decimal.js';

interface CrossoverState {
  closes: Map<string, number[]>;
  above: Map<string, boolean | undefined>;
}

interface CrossoverParams {
  fast: number;
  slow: number;
  size: string;
}

function average(values: readonly number[], count: number): number {
  let total = 0;
  for (let index = values.length - count; index < values.length; index += 1) total += values[index] as number;
  return total / count;
}

/**
 * Moving-average crossover on candle closes: buys `size` when the fast average crosses above the
 * slow one, sells back to flat when it crosses below. (Averages in JS numbers: a signal, not money.)
 */
export const smaCrossover = defineStrategy<CrossoverParams, CrossoverState>({
  name: 'sma-crossover',
  params: { defaults: { fast: 5, slow: 20, size: '0.01' } },
  createState: () => ({ closes: new Map(), above: new Map() }),
  onCandle(candle: Candle, ctx: StrategyContext<CrossoverParams, CrossoverState>) {
    const closes = ctx.state.closes.get(candle.productId) ?? [];
    ctx.state.closes.set(candle.productId, closes);
    closes.push(candle.close.toNumber());
    if (closes.length > ctx.params.slow) closes.shift();
    if (closes.length < ctx.params.slow) return;
    const above = average(closes, ctx.params.fast) > average(closes, ctx.params.slow);
    const before = ctx.state.above.get(candle.productId);
    ctx.state.above.set(candle.productId, above);
    if (before === undefined || before === above) return;
    const position = ctx.position(candle.productId).size;
    if (above && position.isZero())
      ctx.orders.market({ productId: candle.productId, side: 'buy', size: ctx.params.size });
    if (!above && position.greaterThan(0))
      ctx.orders.market({ productId: candle.productId, side: 'sell', size: position.toFixed() });
  },
});

/** A scripted strategy: on the candle whose start is a key of `script`, runs the action. */
export function scripted(
  script: Record<
    number,
    (ctx: StrategyContext<Record<string, never>, { seen: Candle[] }>, candle: Candle) => void
  >,
  granularityMs = 60_000,
) {
  return defineStrategy<Record<string, never>, { seen: Candle[] }>({
    name: 'scripted',
    candleGranularityMs: granularityMs,
    createState: () => ({ seen: [] }),
    onCandle(candle, ctx) {
      ctx.state.seen.push(candle);
      script[candle.start]?.(ctx, candle);
    },
  });
}

export { Decimal };
