import { ExactDecimal, type FeeRates } from '@tradeloop/strategy-kit';
import { BacktestConfigError } from './errors.js';

/**
 * Coinbase's published lowest-volume fee tier (Advanced Trade "Intro 1", under $1K of 30-day
 * volume): maker 0.60 %, taker 1.20 %. Source: help.coinbase.com, "Advanced Trade fees"
 * (help.coinbase.com/en/coinbase/trading-and-funding/advanced-trade/advanced-trade-fees). Your own
 * tier is what `GET /fees` returns; pass it with `fees` (`--fees maker=0.004,taker=0.006`).
 */
export const defaultFeeRates: FeeRates = Object.freeze({
  maker: new ExactDecimal('0.006'),
  taker: new ExactDecimal('0.012'),
});

const rate = /^(?:0|0?\.\d+|1(?:\.0*)?)$/;

/**
 * Reads `maker=0.004,taker=0.006` (fractions, not percent; either key may be left out and keeps
 * the default).
 *
 * @throws BacktestConfigError for an unknown key or a rate outside 0..1.
 */
export function parseFeeRates(text: string, defaults: FeeRates = defaultFeeRates): FeeRates {
  let { maker, taker } = defaults;
  for (const part of text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')) {
    const [key, value, extra] = part.split('=').map((item) => item.trim());
    if (value === undefined || extra !== undefined || (key !== 'maker' && key !== 'taker'))
      throw new BacktestConfigError(
        'fees',
        `expected maker=<fraction>,taker=<fraction>, received ${JSON.stringify(part)}`,
      );
    if (!rate.test(value))
      throw new BacktestConfigError(
        'fees',
        `${key}: expected a fraction between 0 and 1 such as 0.006, received ${JSON.stringify(value)}`,
      );
    if (key === 'maker') maker = new ExactDecimal(value);
    else taker = new ExactDecimal(value);
  }
  return { maker, taker };
}

/** The `fees` option as rates: given rates, `maker=…,taker=…` text, or {@link defaultFeeRates}. */
export function resolveFeeRates(fees: FeeRates | string | undefined): FeeRates {
  if (fees === undefined) return defaultFeeRates;
  return typeof fees === 'string' ? parseFeeRates(fees) : fees;
}
