import type {
  AnyStrategy,
  FeeRates,
  Logger,
  ProductRules,
  RiskLimits,
  Runtime,
} from '@tradeloop/strategy-kit';
import type { CandleData } from '../data/candle-series.js';
import type { Recording } from '../data/recording.js';

/** History to replay: candles (candle mode) or a recording of trades and books (tick mode). */
export type BacktestData =
  | {
      readonly candles: CandleData;
      /** The data's candle size in ms. Default: the smallest step between two candles. */
      readonly granularityMs?: number;
    }
  | { readonly recording: Recording };

/** Everything a backtest needs; only `strategy`, `products`, `data` and `balances` are required. */
export interface BacktestOptions {
  readonly strategy: AnyStrategy;
  /** Shown in the result's config (e.g. the `--strategy` argument). Default: the strategy's name. */
  readonly strategyName?: string;
  /** Overrides of the strategy's default parameters, as for `start --param`. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly products: readonly string[];
  readonly data: BacktestData;
  /** Start balances, e.g. `{ USD: '10000', BTC: '0' }`. */
  readonly balances: Readonly<Record<string, string>>;
  /** Fee rates, or `maker=…,taker=…`. Default: {@link defaultFeeRates}. */
  readonly fees?: FeeRates | string;
  /** Market-order slippage in basis points (a decimal string or a number of bps). Default 0. */
  readonly slippageBps?: string | number;
  /** Placement → exchange delay, ms (tick mode, and candle mode when longer than a candle). Default 0. */
  readonly latencyMs?: number;
  /** Seed of the run (client order ids; any fill model that draws). Default 1. */
  readonly seed?: number;
  readonly risk?: RiskLimits;
  /** Candle mode: fill limits and trigger stops when a candle only touches the price. Default false. */
  readonly touch?: boolean;
  /** Product rules (increments, minimum funds); default: {@link defaultProductRules} per product. */
  readonly productRules?: readonly ProductRules[];
  /** Only replay data at or after / before this time (ms or ISO 8601). */
  readonly from?: number | string;
  readonly to?: number | string;
  readonly logger?: Logger;
  /**
   * Called about every 1 % of the data (for a progress bar): `done` of `total` candles, or of the
   * recording's bytes in tick mode; `time` is the data's time.
   */
  readonly onProgress?: (progress: { done: number; total: number; time: number }) => void;
  /** Most points of `equity`, `buyAndHold` and of each product's `prices`. Default 5,000. */
  readonly maxPoints?: number;
  /** Called with the runtime before it starts, to listen to its events (`order-submitted`, `order-filled`, …). */
  readonly observeRuntime?: (runtime: Runtime) => void;
}
