import { ExactDecimal, quantize } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';

/**
 * A market fill's price: `price` made worse by `slippageBps` basis points and put on the tick —
 * a buy pays price × (1 + bps/10 000) rounded up, a sell gets price × (1 − bps/10 000) rounded down.
 */
export function slippedPrice(
  price: Decimal,
  side: 'buy' | 'sell',
  slippageBps: Decimal,
  tick: Decimal,
): Decimal {
  const fraction = slippageBps.div(10_000);
  return side === 'buy'
    ? quantize(price.times(fraction.plus(1)), tick, 'up')
    : quantize(price.times(new ExactDecimal(1).minus(fraction)), tick, 'down');
}
