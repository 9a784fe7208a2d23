import { formatScaled, scaledFromText } from '../core/decimal-units.js';

/** Fee rates are kept in parts per million (0.006 = 6000), so fees are exact integer arithmetic. */
export const FEE_RATE_DECIMALS = 6;
const PER_MILLION = 1_000_000n;

/** Maker and taker fee rates of one profile, in parts per million. */
export interface FeeSchedule {
  readonly makerPpm: bigint;
  readonly takerPpm: bigint;
}

/** Fee rates as decimal strings, as Coinbase's `/fees` shows them ("0.0040"). */
export interface FeeRateSettings {
  maker: string;
  taker: string;
}

/** Coinbase's default tier for small accounts: 0.4 % maker, 0.6 % taker. */
export const DEFAULT_FEE_RATES: FeeRateSettings = { maker: '0.004', taker: '0.006' };

/** Parses fee rates ("0.004") into a schedule; throws RangeError for rates outside 0..1 or finer than 1e-6. */
export function createFeeSchedule(rates: FeeRateSettings): FeeSchedule {
  const makerPpm = scaledFromText(rates.maker, FEE_RATE_DECIMALS);
  const takerPpm = scaledFromText(rates.taker, FEE_RATE_DECIMALS);
  for (const [name, ppm] of [
    ['maker', makerPpm],
    ['taker', takerPpm],
  ] as const) {
    if (ppm < 0n || ppm > PER_MILLION)
      throw new RangeError(`expected a ${name} fee rate in 0..1, received ${ppm}`);
  }
  return { makerPpm, takerPpm };
}

/** The fee on a notional amount (quote atoms), rounded down: the hold math relies on fees never rounding up. */
export function feeFor(notional: bigint, ratePpm: bigint): bigint {
  return (notional * ratePpm) / PER_MILLION;
}

/** The quote a buy must hold for a notional: notional plus the taker-fee reserve, rounded up. */
export function buyHoldFor(notional: bigint, takerPpm: bigint): bigint {
  const numerator = notional * (PER_MILLION + takerPpm);
  return (numerator + PER_MILLION - 1n) / PER_MILLION;
}

/** Funds left for notional once the taker-fee reserve is set aside: funds = specified / (1 + taker), rounded down. */
export function fundsAfterFeeReserve(specifiedFunds: bigint, takerPpm: bigint): bigint {
  return (specifiedFunds * PER_MILLION) / (PER_MILLION + takerPpm);
}

/** A rate as Coinbase prints it in `/fees` and feed messages ("0.0040"). */
export function formatFeeRate(ratePpm: bigint): string {
  return ratePpm % 100n === 0n ? formatScaled(ratePpm / 100n, 4) : formatScaled(ratePpm, FEE_RATE_DECIMALS);
}
