/**
 * The metrics table: overall and per product, the same figures as the result JSON, formatted for
 * people. Each cell carries the JSON's raw value in `data-value` and its path in `data-metric`, so
 * a test (or a curious trader) can check the page against the file.
 */
import { formatMetric, METRIC_LABELS, quoteCurrencyOf } from '../format.js';
import { escapeHtml } from '../html.js';
import { METRIC_NAMES, type RunMetrics, type RunResult } from '../run-result.js';

/** The headline figures shown as cards above the charts. */
const HEADLINE: ReadonlyArray<keyof RunMetrics> = [
  'totalReturn',
  'buyAndHoldReturn',
  'maxDrawdownPercent',
  'sharpe',
  'winRate',
  'trades',
  'feesPaid',
];

/** Cards with the headline metrics. */
export function headlineCards(result: RunResult, currency: string | undefined): string {
  const cards = HEADLINE.map((name) => {
    const value = result.metrics.overall[name];
    return `<div class="card"><div class="label">${escapeHtml(METRIC_LABELS[name])}</div><div class="value ${signClass(
      name,
      value,
    )}" data-metric="overall.${name}" data-value="${escapeHtml(value === null ? 'null' : String(value))}">${escapeHtml(
      formatMetric(name, value, currency),
    )}</div></div>`;
  });
  return `<div class="cards">${cards.join('')}</div>`;
}

/** The full metrics table. */
export function metricsSection(result: RunResult, currency: string | undefined): string {
  const products = Object.keys(result.metrics.perProduct);
  const head = ['<th class="text">Metric</th><th>Overall</th>']
    .concat(products.map((productId) => `<th>${escapeHtml(productId)}</th>`))
    .join('');
  const rows = METRIC_NAMES.map((name) => {
    const cells = [metricCell('overall', name, result.metrics.overall[name], currency)].concat(
      products.map((productId) =>
        metricCell(
          `perProduct.${productId}`,
          name,
          (result.metrics.perProduct[productId] as RunMetrics)[name],
          quoteCurrencyOf(productId) ?? currency,
        ),
      ),
    );
    return `<tr><td class="text">${escapeHtml(METRIC_LABELS[name])}</td>${cells.join('')}</tr>`;
  });
  return `<section id="metrics"><h2>Metrics</h2><div class="table-wrap"><table class="metrics"><thead><tr>${head}</tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table></div><p class="note">— means the figure is not defined for this run (e.g. no losing trade, or not known for a live run).</p></section>`;
}

function metricCell(
  scope: string,
  name: keyof RunMetrics,
  value: string | number | null,
  currency: string | undefined,
): string {
  return `<td class="${signClass(name, value)}" data-metric="${escapeHtml(`${scope}.${name}`)}" data-value="${escapeHtml(
    value === null ? 'null' : String(value),
  )}">${escapeHtml(formatMetric(name, value, currency))}</td>`;
}

/** Green for a gain, red for a loss, on the metrics where the sign means that. */
function signClass(name: keyof RunMetrics, value: string | number | null): string {
  if (value === null || !['totalReturn', 'buyAndHoldReturn', 'cagr', 'expectancy'].includes(name)) return '';
  const text = String(value);
  if (text.startsWith('-')) return 'negative';
  return /[1-9]/.test(text) ? 'positive' : '';
}
