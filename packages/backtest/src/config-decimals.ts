import { ExactDecimal } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import { BacktestConfigError } from './errors.js';

/** A plain non-negative decimal: `10000`, `0.5`, `.5`, `5.` (no sign, no exponent). */
const unsignedDecimal = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * One starting balance (a `balances` entry) as a Decimal.
 * @throws BacktestConfigError when it is not a decimal string of 0 or more.
 */
export function resolveBalance(currency: string, amount: unknown): Decimal {
  if (typeof amount !== 'string' || !unsignedDecimal.test(amount))
    throw new BacktestConfigError(
      'balances',
      `${currency}: expected a decimal string of 0 or more such as "10000", received ${JSON.stringify(amount)}`,
    );
  return new ExactDecimal(amount);
}

/**
 * The `slippageBps` option (default 0) as a Decimal.
 * @throws BacktestConfigError when it is not basis points from 0 below 10000.
 */
export function resolveSlippageBps(slippageBps: string | number | undefined): Decimal {
  const text = String(slippageBps ?? '0');
  if (!unsignedDecimal.test(text) || new ExactDecimal(text).greaterThanOrEqualTo(10_000))
    throw new BacktestConfigError(
      'slippageBps',
      `expected basis points from 0 below 10000, received ${JSON.stringify(text)}`,
    );
  return new ExactDecimal(text);
}
