import type { FeeRates, ProductRules } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import type { CandleSeries } from '../data/candle-series.js';
import type { RecordingCursor, RecordingMessage } from '../data/recording.js';

/** The checked, normalised options: a candle run, or a tick run with its recording opened. */
export type BacktestSetup =
  | (SetupBase & { readonly mode: 'candles' })
  | (SetupBase & {
      readonly mode: 'ticks';
      /** The recording, read up to the first message of the run's range (closed by the run). */
      readonly opened: OpenedRecording;
    });

interface SetupBase {
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
}

/** A recording read up to its first message at or after `from`: the replay goes on from there. */
export interface OpenedRecording {
  readonly cursor: RecordingCursor;
  readonly first: RecordingMessage;
}
