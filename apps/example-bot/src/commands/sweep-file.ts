import { type BacktestResult, formatRunResult } from '@tradeloop/backtest';

/**
 * A run's result file with the sweep added as its last field: the text `formatRunResult` gives
 * for `{ ...run, sweep }`, spliced instead of parsing and writing again the best run's megabytes
 * (the sweep's last step, which no core shares). A file not ending as `formatRunResult` ends one
 * is parsed and written again.
 */
export function withSweep(runText: string, sweep: NonNullable<BacktestResult['sweep']>): string {
  const end = '\n}\n';
  if (!runText.endsWith(end) || runText.length <= 4 || /"sweep": /.test(runText))
    return formatRunResult({ ...(JSON.parse(runText) as BacktestResult), sweep });
  const field = JSON.stringify(sweep, null, 2).replace(/\n/g, '\n  ');
  return `${runText.slice(0, -end.length)},\n  "sweep": ${field}${end}`;
}
