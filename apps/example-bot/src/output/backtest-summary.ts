/**
 * The tables the `backtest` command prints at the end: the run's key figures (return beside
 * buy-and-hold, drawdown, ratios, trades, fees, orders by outcome), and a sweep's ranked cells.
 * Ratios are shown as percentages or to 2 decimals; `—` where a figure is undefined.
 */
import type { BacktestRun } from '@tradeloop/backtest';
import { Decimal } from 'decimal.js';
import { formatDuration } from './duration.js';

type Overall = BacktestRun['result']['metrics']['overall'];

/** A fraction as a percentage with 2 decimals (`0.1234` → `12.34%`). */
export function percent(value: string | null): string {
  return value === null ? '—' : `${new Decimal(value).times(100).toFixed(2)}%`;
}

/** A ratio to 2 decimals. */
export function ratio(value: string | null): string {
  return value === null ? '—' : new Decimal(value).toFixed(2);
}

/** The run's summary, one figure a line. */
export function backtestSummaryLines(
  run: BacktestRun,
  files: { resultJson?: string; report?: string } = {},
): string[] {
  const { config, metrics } = run.result;
  const overall = metrics.overall;
  const quote = Object.keys(config.startBalances).find((currency) =>
    config.products.some((product) => product.endsWith(`-${currency}`)),
  );
  const money = (value: string | null) =>
    value === null ? '—' : `${new Decimal(value).toFixed(2)} ${quote ?? ''}`.trim();
  const stats = run.stats;
  const rows: Array<[string, string]> = [
    ['strategy', `${config.strategy} on ${config.products.join(', ')} · ${config.venue}`],
    ['period', `${config.from} → ${config.to}`],
    [
      'return',
      `${percent(overall.totalReturn)} (buy and hold ${percent(overall.buyAndHoldReturn)}) · CAGR ${percent(overall.cagr)}`,
    ],
    [
      'drawdown',
      `${percent(overall.maxDrawdownPercent)} (${money(overall.maxDrawdown)}), longest ${formatDuration(overall.maxDrawdownDurationMs)}`,
    ],
    [
      'ratios',
      `Sharpe ${ratio(overall.sharpe)} · Sortino ${ratio(overall.sortino)} · Calmar ${ratio(overall.calmar)} · volatility ${percent(overall.volatility)}`,
    ],
    [
      'trades',
      `${overall.trades} round trips · win rate ${percent(overall.winRate)} · profit factor ${ratio(overall.profitFactor)} · expectancy ${money(overall.expectancy)}`,
    ],
    [
      'exposure',
      `${percent(overall.exposure)} · average holding ${formatDuration(overall.averageHoldingMs)}`,
    ],
    ['fees', money(overall.feesPaid)],
    [
      'orders',
      `${stats.ordersSubmitted} submitted · ${stats.ordersFilled} filled · ${stats.ordersCanceled} canceled · ${stats.ordersRejected} rejected · ${stats.ordersDenied} denied by risk · ${stats.fills} fills`,
    ],
  ];
  if (stats.handlerErrors > 0) rows.push(['errors', `${stats.handlerErrors} strategy handler errors`]);
  if (files.resultJson !== undefined) rows.push(['result', files.resultJson]);
  if (files.report !== undefined) rows.push(['report', files.report]);
  return [
    `── backtest summary ${'─'.repeat(52)}`,
    ...rows.map(([label, text]) => `${label.padEnd(10)}${text}`),
  ];
}

/** One finished sweep cell. */
export interface SweepRow {
  parameters: Readonly<Record<string, string>>;
  metrics: Overall;
}

/** The ranked cells as a table (best first), at most `limit` rows. */
export function sweepTableLines(
  parameterNames: readonly string[],
  ranked: readonly SweepRow[],
  limit = 20,
): string[] {
  const header = ['#', ...parameterNames, 'return', 'sharpe', 'max dd', 'trades', 'win rate', 'fees'];
  const rows = ranked
    .slice(0, limit)
    .map((cell, index) => [
      String(index + 1),
      ...parameterNames.map((name) => cell.parameters[name] ?? ''),
      percent(cell.metrics.totalReturn),
      ratio(cell.metrics.sharpe),
      percent(cell.metrics.maxDrawdownPercent),
      String(cell.metrics.trades),
      percent(cell.metrics.winRate),
      cell.metrics.feesPaid === null ? '—' : new Decimal(cell.metrics.feesPaid).toFixed(2),
    ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padStart(widths[column] as number) : cell.padEnd(widths[column] as number),
      )
      .join('  ')
      .trimEnd();
  const lines = [
    `── sweep: ${ranked.length} runs, ranked by Sharpe ${'─'.repeat(36)}`,
    line(header),
    ...rows.map(line),
  ];
  if (ranked.length > limit) lines.push(`… ${ranked.length - limit} more in the sweep result`);
  return lines;
}
