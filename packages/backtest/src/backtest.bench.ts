/**
 * 1. Candle replay: one year of 1-minute candles (525,600, generated with a fixed seed, never
 *    committed) through the SMA-crossover plugin with `runBacktest`, beside the floor: a bare loop
 *    over the same parsed candles computing the same crossover with plain numbers and no engine.
 *    Both decide on candle closes and trade at the next open; the run checks they trade at the same
 *    times and prices (a correctness check as much as a speed one).
 * 2. CSV load: the same year as CSV text through `parseCandleCsv`, beside a bare split of the lines.
 * Prints numbers and ratios measured in the same run; asserts no timing. The rows of issue 13's
 * table — grademark beside the floor, tick replay beside a read-and-parse loop of the same file,
 * the sweep speed-up — are in tools/benchmarks (`pnpm bench`).
 * Run: `pnpm --filter @tradeloop/backtest bench` (BENCH_SMOKE=1 for a short run).
 */

import {
  measureAlternating,
  printRow,
  scaled,
  smoke,
  throughputFigure,
} from '@tradeloop-internal/bench-harness';
import { smaCrossover } from './__fixtures__/strategies.js';
import { candlesToCsv, syntheticCandles } from './__fixtures__/synthetic-candles.js';
import { parseCandleCsv } from './data/candle-csv.js';
import type { CandleSeries } from './data/candle-series.js';
import { runBacktest } from './run/run-backtest.js';

const fast = 10;
const slow = 30;
const size = '0.01';
const year = scaled(525_600);
const series = syntheticCandles({ count: year, seed: 2025 });

function firstCandles(count: number): CandleSeries {
  if (count >= series.length) return series;
  return {
    ...series,
    starts: series.starts.subarray(0, count),
    open: series.open.slice(0, count),
    high: series.high.slice(0, count),
    low: series.low.slice(0, count),
    close: series.close.slice(0, count),
    volume: series.volume.slice(0, count),
    length: count,
  };
}

async function engine(count: number) {
  return runBacktest({
    strategy: smaCrossover,
    parameters: { fast, slow, size },
    products: ['BTC-USD'],
    data: { candles: new Map([['BTC-USD', firstCandles(count)]]), granularityMs: 60_000 },
    balances: { USD: '1000000' },
  });
}

/**
 * The same crossover on plain numbers: entry/exit at the next candle's open. Each average is
 * summed over its window in order, as the plugin does (running sums drift over a year and flip a
 * crossing where the two averages are within a rounding error).
 */
function floor(count: number): Array<[number, string]> {
  const trades: Array<[number, string]> = [];
  const closes = new Float64Array(count);
  let above: boolean | undefined;
  let holding = false;
  let pending: 'buy' | 'sell' | undefined;
  for (let index = 0; index < count; index += 1) {
    if (pending !== undefined) {
      trades.push([series.starts[index] as number, series.open[index] as string]);
      holding = pending === 'buy';
      pending = undefined;
    }
    closes[index] = Number(series.close[index]);
    if (index + 1 < slow) continue;
    let fastSum = 0;
    for (let at = index + 1 - fast; at <= index; at += 1) fastSum += closes[at] as number;
    let slowSum = 0;
    for (let at = index + 1 - slow; at <= index; at += 1) slowSum += closes[at] as number;
    const isAbove = fastSum / fast > slowSum / slow;
    if (above !== undefined && above !== isAbove) {
      if (isAbove && !holding) pending = 'buy';
      if (!isAbove && holding) pending = 'sell';
    }
    above = isAbove;
  }
  return trades;
}

const [engineResult, floorResult] = await measureAlternating(
  [
    {
      name: '@tradeloop/backtest runBacktest (SMA plugin)',
      run: async (count) => void (await engine(count)),
    },
    { name: 'bare loop, plain numbers, no engine', run: (count) => void floor(count) },
  ],
  { iterations: year, rounds: smoke ? 2 : 3 },
);
const { result } = await engine(year);
const engineTrades = result.trades.map((trade) => [Date.parse(trade.time), trade.price]);
const floorTrades = floor(year).map(([time, price]) => [time, String(Number(price))]);
const same =
  engineTrades.length === floorTrades.length &&
  engineTrades.every(
    ([time, price], index) =>
      time === floorTrades[index]?.[0] && String(Number(price)) === floorTrades[index]?.[1],
  );
printRow({
  id: 'backtest-candles',
  title: `Backtest: ${year.toLocaleString('en-US')} one-minute candles through an SMA(${fast}/${slow}) crossover`,
  better: 'higher',
  candidate: throughputFigure(engineResult as NonNullable<typeof engineResult>, 'candles/s'),
  baselines: [throughputFigure(floorResult as NonNullable<typeof floorResult>, 'candles/s')],
  note: `wall ${(year / (engineResult?.opsPerSecond ?? 1)).toFixed(2)} s; ${engineTrades.length} fills, same times and prices as the floor: ${same ? 'yes' : 'NO'}`,
});

const csv = candlesToCsv(series);
const [loadResult, splitResult] = await measureAlternating(
  [
    {
      name: 'parseCandleCsv (checked, columnar)',
      run: () => void parseCandleCsv(csv, { productId: 'BTC-USD' }),
    },
    {
      name: 'bare split into fields',
      run: () => {
        let fields = 0;
        for (const line of csv.split('\n')) fields += line.split(',').length;
        if (fields < 0) throw new Error('unreachable');
      },
    },
  ],
  { iterations: year, rounds: smoke ? 2 : 5 },
);
printRow({
  id: 'backtest-csv-load',
  title: `Backtest: loading ${year.toLocaleString('en-US')} CSV candle rows`,
  better: 'higher',
  candidate: throughputFigure(loadResult as NonNullable<typeof loadResult>, 'rows/s'),
  baselines: [throughputFigure(splitResult as NonNullable<typeof splitResult>, 'rows/s')],
  note: `${(year / (loadResult?.opsPerSecond ?? 1)).toFixed(2)} s for the year`,
});
