/**
 * The crossover rule of the backtest benchmark on plain numbers: where the fast simple moving
 * average of closes crosses the slow one. The grademark adapter and the bare-loop floor both
 * use it, so both run exactly the rule the tradeloop plugin runs.
 */

/** `up` where the fast average crosses above the slow one, `down` where it crosses below. */
export function markCrossings(
  closes: ArrayLike<number>,
  fast: number,
  slow: number,
): Array<'up' | 'down' | undefined> {
  const marks: Array<'up' | 'down' | undefined> = new Array(closes.length).fill(undefined);
  let fastSum = 0;
  let slowSum = 0;
  let above: boolean | undefined;
  for (let index = 0; index < closes.length; index += 1) {
    const close = closes[index] as number;
    fastSum += close - (index >= fast ? (closes[index - fast] as number) : 0);
    slowSum += close - (index >= slow ? (closes[index - slow] as number) : 0);
    if (index + 1 < slow) continue;
    const isAbove = fastSum / fast > slowSum / slow;
    if (above !== undefined && above !== isAbove) marks[index] = isAbove ? 'up' : 'down';
    above = isAbove;
  }
  return marks;
}
