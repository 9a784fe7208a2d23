import type { FeeRates, ProductRules } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import type { CandleSeries } from '../data/candle-series.js';
import type { Recording } from '../data/recording.js';

/** The checked, normalised options. */
export interface BacktestSetup {
  readonly mode: 'candles' | 'ticks';
  readonly products: readonly string[];
  readonly rules: readonly ProductRules[];
  readonly quoteCurrency: string;
  readonly balances: Readonly<Record<string, Decimal>>;
  readonly fees: FeeRates;
  readonly slippageBps: Decimal;
  readonly latencyMs: number;
  readonly seed: number;
  readonly granularityMs: number;
  readonly startTime: number;
  readonly from: number;
  readonly to: number;
  readonly series: readonly CandleSeries[];
  readonly recording: Recording;
}
