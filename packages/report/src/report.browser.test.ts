/**
 * The reports in a real browser: headless Chromium opens each generated file from `file://` with
 * the network cut off, and the test checks what a trader would see: no script errors, charts that
 * are actually painted (pixels of the candle colours in a screenshot), one marker group per fill
 * group, and metrics on the page equal to the result JSON's.
 *
 * `REPORT_SCREENSHOTS=1` also writes the screenshots the README shows into `docs/`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Decimal } from 'decimal.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOfflineChromium, type OfflineBrowser } from './__fixtures__/chromium.js';
import { backtestFixture, liveFixture, sweepFixture } from './__fixtures__/run-results.js';
import { renderHtmlReport } from './render-html-report.js';
import type { RunMetrics, RunResult } from './run-result.js';

const docsDirectory = fileURLToPath(new URL('../docs/', import.meta.url));
const writeScreenshots = process.env.REPORT_SCREENSHOTS === '1';

let browser: OfflineBrowser;
let directory: string;

beforeAll(async () => {
  browser = await launchOfflineChromium();
  directory = mkdtempSync(join(tmpdir(), 'tradeloop-report-'));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(directory, { recursive: true, force: true });
});

interface OpenedReport {
  page: Page;
  problems: string[];
}

/** Writes the report, opens it, waits for the charts, and collects console errors and page errors. */
async function openReport(name: string, result: RunResult): Promise<OpenedReport> {
  const path = join(directory, `${name}.html`);
  writeFileSync(path, renderHtmlReport(result));
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(path).href);
  await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 60_000 });
  return { page, problems };
}

/**
 * Counts, in a screenshot of the element, the pixels near each given colour. The PNG is decoded
 * by the browser itself on a blank page (a canvas reads it back), so the check looks at what was
 * painted on screen, not at the chart's data.
 */
async function colourCounts(page: Page, selector: string, colours: Record<string, [number, number, number]>) {
  const png = await page.locator(selector).screenshot();
  const blank = await browser.context.newPage();
  try {
    return await blank.evaluate(
      async ({ source, targets }) => {
        const image = new Image();
        image.src = source;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d') as CanvasRenderingContext2D;
        context.drawImage(image, 0, 0);
        const pixels = context.getImageData(0, 0, image.width, image.height).data;
        const counts: Record<string, number> = { distinct: 0 };
        const seen = new Set<number>();
        for (const name of Object.keys(targets)) counts[name] = 0;
        for (let index = 0; index < pixels.length; index += 4) {
          const [red, green, blue] = [
            pixels[index] as number,
            pixels[index + 1] as number,
            pixels[index + 2] as number,
          ];
          seen.add((red << 16) | (green << 8) | blue);
          for (const [name, [r, g, b]] of Object.entries(targets)) {
            if (Math.abs(red - r) + Math.abs(green - g) + Math.abs(blue - b) < 30)
              counts[name] = (counts[name] ?? 0) + 1;
          }
        }
        counts.distinct = seen.size;
        return counts;
      },
      { source: `data:image/png;base64,${png.toString('base64')}`, targets: colours },
    );
  } finally {
    await blank.close();
  }
}

const UP: [number, number, number] = [0x26, 0xa6, 0x9a];
const DOWN: [number, number, number] = [0xef, 0x53, 0x50];
const EQUITY: [number, number, number] = [0x29, 0x62, 0xff];

/** What the page must show for a metric, worked out here independently of the report's formatter. */
function expectedText(name: keyof RunMetrics, raw: string | number | null, currency: string): string {
  if (raw === null) return '—';
  const grouped = (text: string) =>
    text.replace(/^(-?\d+)/, (integer) => integer.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  switch (name) {
    case 'totalReturn':
    case 'buyAndHoldReturn':
    case 'cagr':
    case 'maxDrawdownPercent':
    case 'volatility':
    case 'winRate':
    case 'exposure':
      return `${grouped(new Decimal(raw).times(100).toFixed(2, Decimal.ROUND_HALF_EVEN))}%`;
    case 'maxDrawdown':
    case 'expectancy':
    case 'feesPaid':
      return `${grouped(new Decimal(raw).toFixed(2, Decimal.ROUND_HALF_EVEN))} ${currency}`;
    case 'sharpe':
    case 'sortino':
    case 'calmar':
    case 'profitFactor':
      return grouped(new Decimal(raw).toFixed(2, Decimal.ROUND_HALF_EVEN));
    case 'trades':
      return grouped(String(raw));
    default:
      return '';
  }
}

/** Every metric cell on the page carries the JSON's value and shows it formatted as a person expects. */
async function expectMetricsMatch(page: Page, result: RunResult): Promise<void> {
  const cells = await page.$$eval('[data-metric]', (elements) =>
    elements.map((element) => ({
      metric: (element as HTMLElement).dataset.metric as string,
      value: (element as HTMLElement).dataset.value as string,
      text: (element.textContent ?? '').trim(),
    })),
  );
  const products = Object.keys(result.metrics.perProduct);
  // 17 metrics overall and per product, plus the headline cards.
  expect(cells.length).toBeGreaterThanOrEqual(17 * (1 + products.length));
  for (const cell of cells) {
    const [scope, ...rest] = cell.metric.split('.');
    const name = rest.pop() as keyof RunMetrics;
    const productId = rest.join('.');
    const metrics =
      scope === 'overall' ? result.metrics.overall : (result.metrics.perProduct[productId] as RunMetrics);
    const raw = metrics[name];
    expect(cell.value, cell.metric).toBe(raw === null ? 'null' : String(raw));
    const expected = expectedText(name, raw, 'USD');
    if (expected !== '') expect(cell.text, cell.metric).toBe(expected);
  }
}

/** Each price chart reports one marker per candle and side with fills, and all the product's fills. */
async function expectFillMarkers(page: Page, result: RunResult): Promise<void> {
  const charts = await page.$$eval('section.price', (sections) =>
    sections.map((section) => {
      const chart = (section.querySelector('.price-chart') as HTMLElement).dataset;
      return {
        productId: (section as HTMLElement).dataset.product as string,
        fillCount: chart.fillCount,
        markerCount: chart.markerCount,
      };
    }),
  );
  expect(charts.map((chart) => chart.productId)).toEqual(Object.keys(result.prices));
  for (const chart of charts) {
    const fills = result.trades.filter((trade) => trade.productId === chart.productId).length;
    expect(Number(chart.fillCount), chart.productId).toBe(fills);
    expect(Number(chart.markerCount), chart.productId).toBeGreaterThan(0);
    expect(Number(chart.markerCount)).toBeLessThanOrEqual(fills);
  }
}

describe('reports in headless Chromium (network disabled)', () => {
  it('backtest with two products: candles, fill markers, equity and drawdown drawn; metrics equal the JSON', async () => {
    const result = backtestFixture();
    const { page, problems } = await openReport('backtest', result);
    expect(problems).toEqual([]);
    await expectFillMarkers(page, result);
    await expectMetricsMatch(page, result);

    for (const index of [0, 1]) {
      const colours = await colourCounts(page, `#price-chart-${index}`, { up: UP, down: DOWN });
      expect(colours.up, `price chart ${index}: rising candles and buy markers`).toBeGreaterThan(500);
      expect(colours.down, `price chart ${index}: falling candles and sell markers`).toBeGreaterThan(500);
    }
    const equity = await colourCounts(page, '#equity-chart', { equity: EQUITY, drawdown: DOWN });
    expect(equity.equity).toBeGreaterThan(300);
    expect(equity.drawdown).toBeGreaterThan(100);

    // Hovering a fill's candle shows its side, size and price.
    const trade = result.trades.find((fill) => fill.productId === 'BTC-USD');
    expect(trade).toBeDefined();
    const tooltip = await hoverFirstMarker(page, 0);
    expect(tooltip).toMatch(/^(BUY|SELL) [\d.]+ @ [\d,.]+ · fee [\d,.]+ USD/);

    // The trades table sorts by price when its header is clicked (descending first).
    await page.click('table.trades th:has-text("Price")');
    const prices = await page.$$eval('table.trades tbody tr td:nth-child(4)', (cells) =>
      cells.map((cell) => Number((cell as HTMLElement).dataset.value)),
    );
    expect(prices).toEqual([...prices].sort((left, right) => right - left));
    expect(prices).toHaveLength(result.trades.length);

    expect(browser.blockedRequests).toEqual([]);
    await screenshot(page, 'backtest');
    await page.close();
  }, 120_000);

  it('sweep: heatmap and ranked table of every cell, best first', async () => {
    const result = sweepFixture();
    const sweep = result.sweep;
    if (sweep === undefined) throw new Error('the sweep fixture has no sweep');
    const { page, problems } = await openReport('sweep', result);
    expect(problems).toEqual([]);
    expect(await page.locator('table.heatmap tbody td').count()).toBe(sweep.cells.length);
    const ranked = await page.$$eval('table.sweep tbody tr', (rows) =>
      rows.map((row) => Number((row.querySelector('td:nth-child(4)') as HTMLElement).dataset.value)),
    );
    const sharpes = sweep.cells
      .map((cell) => Number(cell.metrics.sharpe))
      .sort((left, right) => right - left);
    expect(ranked).toEqual(sharpes);
    const heat = await colourCounts(page, 'table.heatmap', {});
    expect(heat.distinct).toBeGreaterThan(20);
    await expectMetricsMatch(page, result);
    await expectFillMarkers(page, result);
    expect(browser.blockedRequests).toEqual([]);
    await screenshot(page, 'sweep');
    await page.close();
  }, 120_000);

  it('live run: fills, working orders as price lines, and the run summary', async () => {
    const result = liveFixture();
    const summary = result.summary;
    if (summary === undefined) throw new Error('the live fixture has no summary');
    const { page, problems } = await openReport('live', result);
    expect(problems).toEqual([]);
    await expectFillMarkers(page, result);
    await expectMetricsMatch(page, result);
    const orderLines = await page.$eval(
      '#price-chart-0',
      (element) => (element as HTMLElement).dataset.orderLineCount,
    );
    expect(Number(orderLines)).toBe(result.orders?.length);
    expect(await page.locator('#working-orders tbody tr').count()).toBe(result.orders?.length);
    const shown = await page.$$eval('[data-summary]', (cells) =>
      Object.fromEntries(
        cells.map((cell) => [(cell as HTMLElement).dataset.summary, (cell as HTMLElement).dataset.value]),
      ),
    );
    expect(shown).toMatchObject({
      ordersPlaced: String(summary.ordersPlaced),
      ordersFilled: String(summary.ordersFilled),
      ordersCanceled: String(summary.ordersCanceled),
      ordersRejected: String(summary.ordersRejected),
      fills: String(summary.fills),
      reconnects: String(summary.reconnects),
      gaps: String(summary.gaps),
      'realizedPnl.USD': summary.realizedPnl.USD,
      'fees.USD': summary.fees.USD,
      'finalBalances.BTC': summary.finalBalances.BTC,
    });
    const colours = await colourCounts(page, '#price-chart-0', { up: UP, down: DOWN });
    expect(colours.up).toBeGreaterThan(300);
    expect(colours.down).toBeGreaterThan(300);
    expect(browser.blockedRequests).toEqual([]);
    await screenshot(page, 'live');
    await page.close();
  }, 120_000);
});

/** Moves the mouse over the candles until a fill tooltip shows; returns its first line. */
async function hoverFirstMarker(page: Page, chartIndex: number): Promise<string> {
  const chart = page.locator(`#price-chart-${chartIndex}`);
  const box = await chart.boundingBox();
  if (box === null) throw new Error('the price chart has no box');
  for (let x = box.x + 5; x < box.x + box.width - 80; x += 1) {
    await page.mouse.move(x, box.y + box.height / 2);
    const tooltip = chart.locator('.chart-tooltip');
    if (await tooltip.isVisible()) return ((await tooltip.locator('div').first().textContent()) ?? '').trim();
  }
  throw new Error('no fill tooltip appeared over the price chart');
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (!writeScreenshots) return;
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(docsDirectory, `${name}.png`) });
}
