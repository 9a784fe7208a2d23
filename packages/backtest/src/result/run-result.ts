import type { Metrics } from '../metrics/metrics.js';

/**
 * The run result (`--result-json`), shared with `@tradeloop/report` and the example bot: format
 * `tradeloop.run-result` version 1. Every money value is a decimal string, every time ISO 8601
 * UTC, arrays sorted by time. Key order is fixed by construction, so the same run gives the same
 * bytes.
 */
export interface BacktestResult {
  readonly format: 'tradeloop.run-result';
  readonly version: 1;
  readonly kind: 'backtest' | 'live' | 'paper' | 'simulated';
  readonly config: BacktestConfig;
  readonly trades: readonly TradeRecord[];
  /** Account value in the quote currency, sampled (≤ ~5,000 points). */
  readonly equity: readonly EquityPoint[];
  /** The start value put into the product(s) at the start, same sampling. */
  readonly buyAndHold: readonly EquityPoint[];
  /** Candles for the charts, ≤ ~5,000 per product (aggregated when longer). */
  readonly prices: Readonly<Record<string, readonly PricePoint[]>>;
  readonly metrics: { readonly overall: Metrics; readonly perProduct: Readonly<Record<string, Metrics>> };
  readonly sweep?: SweepSection;
}

/** What the run was (never a secret). */
export interface BacktestConfig {
  readonly strategy: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly venue: string;
  readonly products: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly startBalances: Readonly<Record<string, string>>;
  readonly fees: { readonly maker: string; readonly taker: string };
  readonly slippageBps: string;
  readonly latencyMs: number;
  readonly seed: number;
  /** Fill on equality with a limit or stop price (candle mode). */
  readonly touch: boolean;
  /** Data candle size (candle mode), ms. */
  readonly granularityMs?: number;
  readonly risk?: Readonly<Record<string, string>>;
}

/** One fill. `pnl`: realized PnL (average cost, before fees) of the part that closed a position. */
export interface TradeRecord {
  readonly time: string;
  readonly productId: string;
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly size: string;
  readonly fee: string;
  readonly liquidity: 'maker' | 'taker';
  readonly clientOrderId: string;
  readonly pnl?: string;
}

export interface EquityPoint {
  readonly time: string;
  readonly value: string;
}

export interface PricePoint {
  readonly time: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

/** A parameter sweep: one cell per parameter combination, ranked. */
export interface SweepSection {
  readonly parameters: readonly string[];
  readonly rankedBy: string;
  readonly cells: ReadonlyArray<{
    readonly parameters: Readonly<Record<string, string>>;
    readonly metrics: Metrics;
    readonly resultFile?: string;
  }>;
}

/** The result as JSON text (2-space indent, trailing newline): byte-identical for identical runs. */
export function formatRunResult(result: BacktestResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** An ISO 8601 UTC time from ms. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** A record's entries sorted by key, values as strings (for parameters and balances). */
export function sortedStrings(record: Readonly<Record<string, unknown>>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    sorted[key] =
      typeof value === 'string'
        ? value
        : typeof value === 'object' && value !== null && 'toFixed' in value
          ? (value as { toFixed(): string }).toFixed()
          : JSON.stringify(value);
  }
  return sorted;
}
