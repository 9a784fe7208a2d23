/**
 * A parameter sweep: every cell ranked by the sweep's metric, and, when the grid has two
 * parameters, a heatmap of that metric over them (green best, red worst).
 */
import { Decimal } from 'decimal.js';
import { formatMetric, METRIC_LABELS, NOT_AVAILABLE } from '../format.js';
import { escapeHtml } from '../html.js';
import { METRIC_NAMES, type RunMetrics, type SweepCell, type SweepResult } from '../run-result.js';

/** Metrics where less is better: the ranking and the colours turn round for them. */
const LOWER_IS_BETTER = new Set<string>([
  'maxDrawdownPercent',
  'maxDrawdown',
  'maxDrawdownDurationMs',
  'volatility',
  'feesPaid',
]);
/** Columns of the ranked table besides the parameters and the ranking metric. */
const RANKED_COLUMNS: ReadonlyArray<keyof RunMetrics> = [
  'totalReturn',
  'sharpe',
  'maxDrawdownPercent',
  'winRate',
  'profitFactor',
  'trades',
];
/** Most rows of the ranked table written into the page. */
export const MAX_SWEEP_ROWS = 500;

/** The sweep section: heatmap (two parameters) and ranked table. */
export function sweepSection(sweep: SweepResult, currency: string | undefined): string {
  const metric = rankingMetric(sweep.rankedBy);
  const ranked = rankCells(sweep);
  const heatmap =
    sweep.parameters.length === 2 && metric !== undefined ? heatmapTable(sweep, metric, currency) : '';
  const columns =
    metric === undefined ? RANKED_COLUMNS : [metric, ...RANKED_COLUMNS.filter((name) => name !== metric)];
  const head = ['<th data-sort="number">Rank</th>']
    .concat(sweep.parameters.map((name) => `<th data-sort="number">${escapeHtml(name)}</th>`))
    .concat(columns.map((name) => `<th data-sort="number">${escapeHtml(METRIC_LABELS[name])}</th>`))
    .join('');
  const rows = ranked.slice(0, MAX_SWEEP_ROWS).map((cell, index) => {
    const parameters = sweep.parameters.map(
      (name) =>
        `<td data-value="${escapeHtml(cell.parameters[name] ?? '')}">${escapeHtml(cell.parameters[name] ?? '')}</td>`,
    );
    const metrics = columns.map((name) => {
      const value = cell.metrics[name] ?? null;
      return `<td data-value="${escapeHtml(value === null ? '' : String(value))}">${escapeHtml(formatMetric(name, value, currency))}</td>`;
    });
    return `<tr><td data-value="${index + 1}">${index + 1}</td>${parameters.join('')}${metrics.join('')}</tr>`;
  });
  const note =
    ranked.length > MAX_SWEEP_ROWS
      ? `<p class="note">Showing the best ${MAX_SWEEP_ROWS} of ${ranked.length} cells.</p>`
      : '';
  const rankedBy = metric === undefined ? escapeHtml(sweep.rankedBy) : escapeHtml(METRIC_LABELS[metric]);
  return `<section id="sweep"><h2>Parameter sweep — ${ranked.length} cells ranked by ${rankedBy}</h2>${heatmap}<div class="table-wrap"><table class="sortable sweep"><thead><tr>${head}</tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table></div>${note}</section>`;
}

/** The cells best first by the ranking metric (cells without it last). */
export function rankCells(sweep: SweepResult): SweepCell[] {
  const metric = rankingMetric(sweep.rankedBy);
  if (metric === undefined) return [...sweep.cells];
  const sign = LOWER_IS_BETTER.has(metric) ? 1 : -1;
  return [...sweep.cells].sort((left, right) => {
    const a = left.metrics[metric];
    const b = right.metrics[metric];
    if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
    if (b === null || b === undefined) return -1;
    return sign * new Decimal(a).comparedTo(b);
  });
}

function heatmapTable(sweep: SweepResult, metric: keyof RunMetrics, currency: string | undefined): string {
  const [rowName, columnName] = sweep.parameters as [string, string];
  const rowValues = distinctSorted(sweep.cells.map((cell) => cell.parameters[rowName] ?? ''));
  const columnValues = distinctSorted(sweep.cells.map((cell) => cell.parameters[columnName] ?? ''));
  const byKey = new Map(
    sweep.cells.map((cell) => [`${cell.parameters[rowName]}\u0000${cell.parameters[columnName]}`, cell]),
  );
  const values = sweep.cells
    .map((cell) => cell.metrics[metric])
    .filter((value): value is string | number => value !== null && value !== undefined)
    .map((value) => new Decimal(value));
  const lowest = values.length === 0 ? new Decimal(0) : Decimal.min(...values);
  const highest = values.length === 0 ? new Decimal(0) : Decimal.max(...values);
  const head = `<th>${escapeHtml(rowName)} \\ ${escapeHtml(columnName)}</th>${columnValues.map((value) => `<th>${escapeHtml(value)}</th>`).join('')}`;
  const rows = rowValues.map((rowValue) => {
    const cells = columnValues.map((columnValue) => {
      const value = byKey.get(`${rowValue}\u0000${columnValue}`)?.metrics[metric];
      if (value === null || value === undefined)
        return `<td style="background:#2a2e39">${NOT_AVAILABLE}</td>`;
      const range = highest.minus(lowest);
      let score = range.isZero() ? 0.5 : new Decimal(value).minus(lowest).dividedBy(range).toNumber();
      if (LOWER_IS_BETTER.has(metric)) score = 1 - score;
      return `<td style="background:${heatColor(score)}" data-value="${escapeHtml(String(value))}">${escapeHtml(
        formatMetric(metric, value, currency),
      )}</td>`;
    });
    return `<tr><th>${escapeHtml(rowValue)}</th>${cells.join('')}</tr>`;
  });
  return `<div class="table-wrap"><table class="heatmap"><thead><tr>${head}</tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table></div><p class="note">${escapeHtml(METRIC_LABELS[metric])} for each ${escapeHtml(rowName)} (rows) and ${escapeHtml(
    columnName,
  )} (columns); greener is better.</p>`;
}

function rankingMetric(name: string): keyof RunMetrics | undefined {
  return (METRIC_NAMES as readonly string[]).includes(name) ? (name as keyof RunMetrics) : undefined;
}

function distinctSorted(values: readonly string[]): string[] {
  const numeric = values.every((value) => value !== '' && !Number.isNaN(Number(value)));
  return [...new Set(values)].sort((left, right) =>
    numeric ? Number(left) - Number(right) : left.localeCompare(right),
  );
}

/** Red (0) through amber to green (1), dark enough for white text. */
function heatColor(score: number): string {
  const clamped = Math.min(1, Math.max(0, score));
  const hue = Math.round(clamped * 130);
  return `hsl(${hue} 55% 32%)`;
}
