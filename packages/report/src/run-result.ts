/**
 * The run result: the JSON a backtest, a sweep or a bot run writes (`"format": "tradeloop.run-result"`,
 * version 1) and the report renders. Money, prices, sizes and ratios are decimal strings; times are
 * ISO 8601 UTC strings; every array is sorted by time.
 */

/**
 * What produced the result: a `backtest` (or sweep) on history; a `live` run with real money; a
 * `paper` run (the live market, fills simulated locally); a `simulated` run (orders sent to a
 * simulated exchange: the tradeloop simulator, the Coinbase sandbox, another test server).
 */
export type RunKind = 'backtest' | 'live' | 'paper' | 'simulated';

/** A decimal number written as a string, e.g. `"64321.12"` or `"-0.0425"`. */
export type DecimalString = string;

/** An ISO 8601 UTC time, e.g. `"2025-01-01T00:00:00.000Z"`. */
export type IsoTime = string;

/** The run's settings as the user gave them. Never holds a secret; the report scrubs anything that looks like one. */
export interface RunConfig {
  strategy: string;
  parameters: Record<string, string>;
  venue: string;
  products: string[];
  from?: IsoTime;
  to?: IsoTime;
  startBalances?: Record<string, DecimalString>;
  fees?: { maker: DecimalString; taker: DecimalString };
  slippageBps?: DecimalString;
  latencyMs?: number;
  seed?: number;
  /** Whatever else applies to the run (shown as given, secrets scrubbed). */
  [key: string]: unknown;
}

/** One fill of the run. */
export interface RunTrade {
  time: IsoTime;
  productId: string;
  side: 'buy' | 'sell';
  price: DecimalString;
  size: DecimalString;
  fee: DecimalString;
  liquidity: 'maker' | 'taker';
  clientOrderId: string;
  /** Realized PnL, on fills that close (part of) a position. */
  pnl?: DecimalString;
}

/** One sample of a value over time (account equity, buy-and-hold value). */
export interface ValuePoint {
  time: IsoTime;
  value: DecimalString;
}

/** One price candle. */
export interface RunCandle {
  time: IsoTime;
  open: DecimalString;
  high: DecimalString;
  low: DecimalString;
  close: DecimalString;
  volume: DecimalString;
}

/** An order still working at the end of a live run. */
export interface WorkingOrder {
  time: IsoTime;
  productId: string;
  side: 'buy' | 'sell';
  type: string;
  price?: DecimalString;
  size: DecimalString;
  status: string;
  clientOrderId: string;
}

/** The performance figures; `null` where a figure is undefined (no losing trade, too short a run, unknown live). */
export interface RunMetrics {
  totalReturn: DecimalString | null;
  cagr: DecimalString | null;
  maxDrawdown: DecimalString | null;
  maxDrawdownPercent: DecimalString | null;
  maxDrawdownDurationMs: number | null;
  sharpe: DecimalString | null;
  sortino: DecimalString | null;
  calmar: DecimalString | null;
  volatility: DecimalString | null;
  winRate: DecimalString | null;
  profitFactor: DecimalString | null;
  expectancy: DecimalString | null;
  trades: number | null;
  averageHoldingMs: number | null;
  exposure: DecimalString | null;
  feesPaid: DecimalString | null;
  buyAndHoldReturn: DecimalString | null;
}

/** One cell of a parameter sweep. */
export interface SweepCell {
  parameters: Record<string, string>;
  metrics: Partial<RunMetrics>;
  resultFile?: string;
}

/** A parameter sweep: every combination tried, and the metric they are ranked by. */
export interface SweepResult {
  parameters: string[];
  rankedBy: string;
  cells: SweepCell[];
}

/** What a live or paper run did, per the bot's summary. Money per currency. */
export interface LiveRunSummary {
  ordersPlaced: number;
  ordersFilled: number;
  ordersCanceled: number;
  ordersRejected: number;
  fills: number;
  fees: Record<string, DecimalString>;
  realizedPnl: Record<string, DecimalString>;
  unrealizedPnl: Record<string, DecimalString>;
  finalBalances: Record<string, DecimalString>;
  reconnects: number;
  gaps: number;
  stopReason?: string;
  [key: string]: unknown;
}

/** The whole result file. */
export interface RunResult {
  format: 'tradeloop.run-result';
  version: 1;
  kind: RunKind;
  config: RunConfig;
  trades: RunTrade[];
  equity: ValuePoint[];
  buyAndHold: ValuePoint[];
  prices: Record<string, RunCandle[]>;
  orders?: WorkingOrder[];
  metrics: {
    overall: RunMetrics;
    perProduct: Record<string, RunMetrics>;
  };
  sweep?: SweepResult;
  summary?: LiveRunSummary;
}

/** The metric names, in the order the report shows them. */
export const METRIC_NAMES = [
  'totalReturn',
  'buyAndHoldReturn',
  'cagr',
  'maxDrawdown',
  'maxDrawdownPercent',
  'maxDrawdownDurationMs',
  'sharpe',
  'sortino',
  'calmar',
  'volatility',
  'winRate',
  'profitFactor',
  'expectancy',
  'trades',
  'averageHoldingMs',
  'exposure',
  'feesPaid',
] as const satisfies ReadonlyArray<keyof RunMetrics>;

/** Metrics that are counts or milliseconds (JSON numbers); the others are decimal strings. */
export const NUMERIC_METRICS: ReadonlySet<keyof RunMetrics> = new Set([
  'trades',
  'maxDrawdownDurationMs',
  'averageHoldingMs',
]);
