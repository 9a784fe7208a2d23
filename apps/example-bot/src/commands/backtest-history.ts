/**
 * The history the `backtest` command names: a CSV file or directory, a recording, or Coinbase
 * candles for `--from`/`--to` (downloaded into the cache first, missing pages only).
 */
import { type BacktestData, type CandleSeries, loadCandles, readRecording } from '@tradeloop/backtest';
import type { BacktestCommand, HistorySource } from './backtest-options.js';
import { COINBASE_DATA_URL, downloadCandles, loadCachedCandles } from './candle-download.js';

/**
 * Reads the history (downloading missing pages first for `--from`/`--to`).
 * @throws CandleDataError / RecordingFormatError for a bad file (with its line).
 */
export async function loadHistory(
  command: Pick<BacktestCommand, 'history' | 'products' | 'cacheDirectory'>,
  onDownloadPage?: (progress: { done: number; total: number }) => void,
): Promise<BacktestData> {
  const history: HistorySource = command.history;
  if (history.kind === 'csv') return { candles: loadCandles(history.path) };
  if (history.kind === 'recording') return { recording: readRecording(history.path) };
  const range = { fromMs: Date.parse(history.from), toMs: Date.parse(history.to) };
  const candles = new Map<string, CandleSeries>();
  for (const productId of command.products) {
    const options = {
      dataUrl: history.dataUrl ?? COINBASE_DATA_URL,
      productId,
      granularity: history.granularity,
      ...range,
      cacheDirectory: command.cacheDirectory,
    };
    await downloadCandles({
      ...options,
      onPage: ({ done, total }) => onDownloadPage?.({ done, total }),
    });
    candles.set(productId, loadCachedCandles(options));
  }
  return { candles, granularityMs: history.granularity * 1000 };
}
