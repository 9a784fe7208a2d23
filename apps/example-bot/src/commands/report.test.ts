import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runReportCommand } from './report.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'example-bot-report-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const metrics = { totalReturn: '0.0125', trades: 2, feesPaid: '1.20' };
const result = {
  format: 'tradeloop.run-result',
  version: 1,
  kind: 'backtest',
  config: {
    strategy: 'trend-follower',
    parameters: { fast: '10' },
    venue: 'backtest (candles)',
    products: ['BTC-USD'],
  },
  trades: [
    {
      time: '2025-01-01T01:00:00.000Z',
      productId: 'BTC-USD',
      side: 'buy',
      price: '94000',
      size: '0.01',
      fee: '0.60',
      liquidity: 'taker',
      clientOrderId: 'a',
    },
    {
      time: '2025-01-01T02:00:00.000Z',
      productId: 'BTC-USD',
      side: 'sell',
      price: '95300',
      size: '0.01',
      fee: '0.60',
      liquidity: 'taker',
      clientOrderId: 'b',
      pnl: '11.80',
    },
  ],
  equity: [
    { time: '2025-01-01T00:00:00.000Z', value: '1000' },
    { time: '2025-01-01T03:00:00.000Z', value: '1012.50' },
  ],
  buyAndHold: [
    { time: '2025-01-01T00:00:00.000Z', value: '1000' },
    { time: '2025-01-01T03:00:00.000Z', value: '1010' },
  ],
  prices: {
    'BTC-USD': ['00', '01', '02'].map((hour, index) => ({
      time: `2025-01-01T${hour}:00:00.000Z`,
      open: String(94000 + index * 500),
      high: String(94400 + index * 500),
      low: String(93800 + index * 500),
      close: String(94300 + index * 500),
      volume: '12.5',
    })),
  },
  metrics: { overall: metrics, perProduct: { 'BTC-USD': metrics } },
};

describe('the report command', () => {
  it('re-renders a result file as HTML, next to it by default or where --out says', async () => {
    await writeFile(join(directory, 'result.json'), JSON.stringify(result));
    const outcome = await runReportCommand(['--', 'result.json'], directory);
    expect(outcome.exitCode, outcome.message).toBe(0);
    expect(outcome.message).toMatch(
      new RegExp(`^wrote ${join(directory, 'result.html')} \\(\\d+ kB\\) from `),
    );
    const html = await readFile(join(directory, 'result.html'), 'utf8');
    expect(html).toContain('<title>trend-follower on BTC-USD — backtest</title>');
    expect(html).toContain('data-metric="overall.totalReturn" data-value="0.0125">1.25%<');

    const elsewhere = await runReportCommand(['result.json', '--out', 'reports/run.html'], directory);
    expect(elsewhere.exitCode).toBe(0);
    expect(await readFile(join(directory, 'reports', 'run.html'), 'utf8')).toContain('<!doctype html>');
  });

  it('says which field of a bad file is wrong, and exits 2', async () => {
    const bad = { ...result, trades: [{ ...result.trades[0], side: 'long' }] };
    await writeFile(join(directory, 'bad.json'), JSON.stringify(bad));
    const outcome = await runReportCommand(['bad.json'], directory);
    expect(outcome).toEqual({
      exitCode: 2,
      message: `${join(directory, 'bad.json')}: run result: trades[0].side should be one of "buy", "sell", received "long"`,
    });
  });

  it('explains a missing file, a missing argument and a non-HTML output', async () => {
    expect(await runReportCommand(['nope.json'], directory)).toEqual({
      exitCode: 2,
      message: `Cannot read ${join(directory, 'nope.json')}: ENOENT.`,
    });
    expect((await runReportCommand([], directory)).message).toMatch(
      /^Give exactly one result file \(received 0\)/,
    );
    expect((await runReportCommand(['a.json', '--out', 'a.pdf'], directory)).exitCode).toBe(2);
  });
});
