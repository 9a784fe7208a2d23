import { type BacktestResult, formatRunResult, runBacktest } from '@tradeloop/backtest';
import { describe, expect, it } from 'vitest';
import trendFollower from '../strategies/trend-follower.js';
import { withSweep } from './sweep-file.js';

const sweep: NonNullable<BacktestResult['sweep']> = {
  parameters: ['fastPeriod', 'slowPeriod'],
  rankedBy: 'sharpe',
  cells: [
    {
      parameters: { fastPeriod: '3', slowPeriod: '8' },
      metrics: { trades: 2, sharpe: null } as unknown as NonNullable<
        BacktestResult['sweep']
      >['cells'][number]['metrics'],
      resultFile: 'sweep.cells/fastPeriod-3_slowPeriod-8.json',
    },
  ],
};

describe('withSweep', () => {
  it('gives the text formatRunResult gives for the run with the sweep added', async () => {
    const starts = Array.from({ length: 240 }, (_, index) => Date.UTC(2025, 0, 1) + index * 60_000);
    const closes = starts.map((_, index) => (43_000 + 50 * Math.sin(index / 9)).toFixed(2));
    const { result } = await runBacktest({
      strategy: trendFollower,
      parameters: { fastPeriod: 3, slowPeriod: 8 },
      products: ['BTC-USD'],
      balances: { USD: '10000' },
      data: {
        candles: new Map([
          [
            'BTC-USD',
            {
              productId: 'BTC-USD',
              starts: Float64Array.from(starts),
              open: closes,
              high: closes,
              low: closes,
              close: closes,
              volume: closes.map(() => '1.5'),
              length: starts.length,
            },
          ],
        ]),
      },
    });
    expect(result.trades.length).toBeGreaterThan(0);
    const spliced = withSweep(formatRunResult(result), sweep);
    expect(spliced).toBe(formatRunResult({ ...result, sweep }));
  });

  it('parses and writes again a file it cannot splice', () => {
    const run = {
      format: 'tradeloop.run-result',
      sweep: { old: true },
      trades: [],
    } as unknown as BacktestResult;
    expect(withSweep(JSON.stringify(run), sweep)).toBe(formatRunResult({ ...run, sweep }));
  });
});
