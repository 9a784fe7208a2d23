/**
 * @tradeloop/backtest — run a tradeloop strategy on history with the same plugin code that trades
 * live: the strategy-kit runtime against a simulated venue on a manual clock that is the data's
 * time. Candles (CSV) or recorded trades and books (JSON lines); conservative, documented fills;
 * fees, holds and product rules as live; metrics; a deterministic result JSON.
 */

export {
  formatCandleCsv,
  loadCandleCsv,
  loadCandles,
  type ParseCandleCsvOptions,
  parseCandleCsv,
} from './data/candle-csv.js';
export {
  type CandleData,
  type CandleRow,
  type CandleSeries,
  candleSeriesFromRows,
  inferGranularityMs,
} from './data/candle-series.js';
export {
  parseRecording,
  type RecordedBookSnapshot,
  type RecordedBookUpdate,
  type RecordedTrade,
  type Recording,
  type RecordingHeader,
  type RecordingMessage,
  RecordingWriter,
  readRecording,
} from './data/recording.js';
export { BacktestConfigError, BacktestError, CandleDataError, RecordingFormatError } from './errors.js';
export { defaultFeeRates, parseFeeRates } from './fees.js';
export {
  type CandleFillRules,
  type CandleOrder,
  type CandleOutcome,
  type CandlePrices,
  candleOutcome,
  candlePath,
} from './fills/candle-fill-model.js';
export { RecordedBook } from './fills/recorded-book.js';
export {
  TickFillModel,
  type TickFillModelOptions,
  type TickFillSink,
  type TickOrder,
  type TickTrade,
} from './fills/tick-fill-model.js';
export { computeMetrics, type Metrics, type MetricsInput, type RoundTrip } from './metrics/metrics.js';
export {
  createPaperVenue,
  type MarketDataEvent,
  type MarketDataSource,
  PaperVenue,
  type PaperVenueOptions,
  type SettlingRuntime,
} from './paper/paper-venue.js';
export { defaultProductRules } from './products.js';
export {
  type BacktestConfig,
  type BacktestResult,
  type EquityPoint,
  formatRunResult,
  type PricePoint,
  type SweepSection,
  type TradeRecord,
} from './result/run-result.js';
export {
  type BacktestData,
  type BacktestOptions,
  type BacktestRun,
  runBacktest,
} from './run/run-backtest.js';
export {
  type RecordingSink,
  type RecordMarketDataOptions,
  recordMarketData,
} from './venue/recording-venue.js';
