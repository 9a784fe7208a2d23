/**
 * The crossover rule of the backtest benchmark on plain numbers: where the fast simple moving
 * average of closes crosses the slow one. The grademark adapter and the bare-loop floor both
 * use it, so both run exactly the rule the tradeloop plugin runs.
 */

/**
 * `up` where the fast average crosses above the slow one, `down` where it crosses below. Each
 * average is summed over its window in order, exactly as the plugin does (`average()` in the
 * backtest fixtures): running sums would drift by a rounding error over half a million candles
 * and, where the two averages are within it, flip a crossing the plugin does not see.
 */
export function markCrossings(
  closes: ArrayLike<number>,
  fast: number,
  slow: number,
): Array<'up' | 'down' | undefined> {
  const marks: Array<'up' | 'down' | undefined> = new Array(closes.length).fill(undefined);
  let above: boolean | undefined;
  for (let index = slow - 1; index < closes.length; index += 1) {
    let fastSum = 0;
    for (let at = index + 1 - fast; at <= index; at += 1) fastSum += closes[at] as number;
    let slowSum = 0;
    for (let at = index + 1 - slow; at <= index; at += 1) slowSum += closes[at] as number;
    const isAbove = fastSum / fast > slowSum / slow;
    if (above !== undefined && above !== isAbove) marks[index] = isAbove ? 'up' : 'down';
    above = isAbove;
  }
  return marks;
}
