/**
 * The report: one self-contained HTML file (style, Lightweight Charts and the page script inlined,
 * no request to any network, opens from `file://`) rendered from a run result.
 */
import { buildChartData } from './chart-data.js';
import { formatDuration, formatTime, quoteCurrencyOf } from './format.js';
import { escapeHtml, inlineScriptSource, scriptSafeJson } from './html.js';
import { lightweightChartsSource } from './lightweight-charts-source.js';
import { reportPageScript } from './page/page-script.js';
import { REPORT_STYLE } from './page/style.js';
import { parseRunResult } from './parse-run-result.js';
import type { RunResult } from './run-result.js';
import { configSection } from './sections/config-section.js';
import { liveSummarySection, workingOrdersSection } from './sections/live-summary-section.js';
import { headlineCards, metricsSection } from './sections/metrics-section.js';
import { sweepSection } from './sections/sweep-section.js';
import { tradesSection } from './sections/trades-section.js';

/** Options of {@link renderHtmlReport}. */
export interface RenderHtmlReportOptions {
  /** The page's title; by default the strategy, products and kind of run. */
  title?: string;
  /** Shown in the footer as when the report was made (ISO time); omitted by default so output is reproducible. */
  generatedAt?: string;
}

/**
 * Renders a run result as one self-contained HTML page: price candles per product with a marker
 * for every fill (and the working orders of a live run), equity against buy-and-hold with a
 * drawdown pane, the metrics, a sortable trades table, the configuration (secrets scrubbed), and
 * for a sweep a heatmap and a ranked table. Every string from the result is escaped.
 *
 * @param result - a run result (it is validated again, so a plain parsed object is fine too).
 * @returns the HTML text, to write to a `.html` file.
 * @throws {RunResultError} when `result` is not a valid run result.
 * @example
 * await writeFile('report.html', renderHtmlReport(parseRunResult(await readFile('result.json', 'utf8'))));
 */
export function renderHtmlReport(result: RunResult, options: RenderHtmlReportOptions = {}): string {
  const run = parseRunResult(result);
  const currency = reportCurrency(run);
  const charts = buildChartData(run, currency);
  const title = options.title ?? defaultTitle(run);
  const isSweep = run.sweep !== undefined;
  const badge = `<span class="badge ${run.kind}">${run.kind}</span>${isSweep ? '<span class="badge sweep">sweep</span>' : ''}`;

  const equity =
    charts.equity.length === 0
      ? ''
      : `<section id="equity"><h2>Equity${isSweep ? ' (best cell)' : ''}</h2><div id="equity-chart" class="chart equity"></div><p class="chart-key"><span class="equity">━ strategy</span> · <span class="hold">╌ buy &amp; hold</span> · lower pane: drawdown from the running peak${
          currency === undefined ? '' : ` · values in ${escapeHtml(currency)}`
        }</p></section>`;
  const prices = charts.products
    .map(
      (product, index) =>
        `<section class="price" data-product="${escapeHtml(product.productId)}"><h2>${escapeHtml(product.productId)} — price and fills</h2><div id="price-chart-${index}" class="chart price-chart"></div><p class="chart-key"><span class="buy">▲ buy</span> · <span class="sell">▼ sell</span> fills (hover a marker for size, price and fee)${
          product.orderLines.length > 0 ? ' · dashed lines: orders working at the end' : ''
        }</p></section>`,
    )
    .join('');
  const body = [
    `<header><h1>${escapeHtml(title)} ${badge}</h1><div class="subtitle">${escapeHtml(subtitle(run))}</div></header>`,
    headlineCards(run, currency),
    run.summary === undefined ? '' : liveSummarySection(run.summary),
    isSweep && run.sweep !== undefined ? sweepSection(run.sweep, currency) : '',
    equity,
    prices,
    workingOrdersSection(run.orders ?? []),
    metricsSection(run, currency),
    tradesSection(run.trades),
    configSection(run.config),
    `<footer>Made by @tradeloop/report${
      options.generatedAt === undefined ? '' : ` on ${escapeHtml(formatTime(options.generatedAt))}`
    } · Charts by <a href="https://www.tradingview.com/lightweight-charts/" rel="noopener noreferrer">TradingView Lightweight Charts™</a> (Apache-2.0), Copyright © TradingView, Inc.</footer>`,
  ].join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>${REPORT_STYLE}</style>
</head>
<body data-kind="${run.kind}"${isSweep ? ' data-sweep="true"' : ''}>
<main>
${body}
</main>
<script type="application/json" id="report-data">${scriptSafeJson(charts)}</script>
<script>${inlineScriptSource(lightweightChartsSource())}</script>
<script>${inlineScriptSource(reportPageScript())}</script>
</body>
</html>
`;
}

/** The currency money metrics are in: the common quote currency of the products, else the first start balance's. */
function reportCurrency(run: RunResult): string | undefined {
  const quotes = new Set(run.config.products.map((productId) => quoteCurrencyOf(productId)));
  if (quotes.size === 1) {
    const [quote] = quotes;
    if (quote !== undefined) return quote;
  }
  return Object.keys(run.config.startBalances ?? {})[0];
}

function defaultTitle(run: RunResult): string {
  const kind = run.sweep !== undefined ? 'sweep' : run.kind === 'backtest' ? 'backtest' : `${run.kind} run`;
  return `${run.config.strategy} on ${run.config.products.join(', ')} — ${kind}`;
}

function subtitle(run: RunResult): string {
  const parts = [run.config.venue];
  const from = run.config.from ?? run.equity[0]?.time;
  const to = run.config.to ?? run.equity[run.equity.length - 1]?.time;
  if (from !== undefined && to !== undefined) {
    parts.push(
      `${formatTime(from)} → ${formatTime(to)} (${formatDuration(Date.parse(to) - Date.parse(from))})`,
    );
  }
  return parts.join(' · ');
}
