/**
 * 1. Candle replay: one year of 1-minute candles (525,600, generated with a fixed seed, never
 *    committed) through the SMA-crossover plugin with `runBacktest`, beside the floor: a bare loop
 *    over the same parsed candles computing the same crossover with plain numbers and no engine.
 *    Both decide on candle closes and trade at the next open; the run checks they trade at the same
 *    times and prices (a correctness check as much as a speed one).
 * 2. CSV load: the same year as CSV text through `parseCandleCsv`, beside a bare split of the lines.
 * 3. Tick replay: recorded trades (JSON lines) read and replayed through a do-nothing `onTrade`
 *    strategy, beside a bare loop that only reads and parses the same text.
 * Prints numbers and ratios measured in the same run; asserts no timing. The grademark row (issue
 * 13) belongs in tools/benchmarks beside these.
 * Run: `pnpm --filter @tradeloop/backtest bench` (BENCH_SMOKE=1 for a short run).
 */

import { defineStrategy } from '@tradeloop/strategy-kit';
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
import { parseRecording, type RecordingMessage } from './data/recording.js';
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

/** The same crossover on plain numbers: entry/exit at the next candle's open. */
function floor(count: number): Array<[number, string]> {
  const trades: Array<[number, string]> = [];
  const closes = new Float64Array(slow);
  let filled = 0;
  let fastSum = 0;
  let slowSum = 0;
  let above: boolean | undefined;
  let holding = false;
  let pending: 'buy' | 'sell' | undefined;
  for (let index = 0; index < count; index += 1) {
    if (pending !== undefined) {
      trades.push([series.starts[index] as number, series.open[index] as string]);
      holding = pending === 'buy';
      pending = undefined;
    }
    const close = Number(series.close[index]);
    const slot = filled % slow;
    slowSum += close - (filled >= slow ? (closes[slot] as number) : 0);
    fastSum += close - (filled >= fast ? (closes[(filled - fast) % slow] as number) : 0);
    closes[slot] = close;
    filled += 1;
    if (filled < slow) continue;
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

const tradeCount = scaled(250_000);
const tradeLines = [
  JSON.stringify({
    format: 'tradeloop.recording',
    version: 1,
    products: ['BTC-USD'],
    channels: ['matches'],
    startedAt: '2025-01-01T00:00:00.000Z',
  }),
];
for (let index = 0; index < tradeCount; index += 1) {
  const message: RecordingMessage = {
    type: 'trade',
    time: Date.UTC(2025, 0, 1) + index * 50,
    productId: 'BTC-USD',
    tradeId: String(index + 1),
    price: series.close[index % series.length] as string,
    size: '0.0125',
    takerSide: index % 3 === 0 ? 'sell' : 'buy',
  };
  tradeLines.push(JSON.stringify(message));
}
const tape = `${tradeLines.join('\n')}\n`;
const listener = defineStrategy({ name: 'listener', onTrade() {} });
const [replayResult, readResult] = await measureAlternating(
  [
    {
      name: '@tradeloop/backtest tick replay (do-nothing onTrade)',
      run: async () =>
        void (await runBacktest({
          strategy: listener,
          products: ['BTC-USD'],
          data: { recording: parseRecording(tape) },
          balances: { USD: '1000' },
        })),
    },
    {
      name: 'bare loop: read and JSON.parse each line',
      run: () => {
        let parsed = 0;
        for (const line of tape.split('\n')) if (line !== '') parsed += JSON.parse(line) === null ? 0 : 1;
        if (parsed < 0) throw new Error('unreachable');
      },
    },
  ],
  { iterations: tradeCount, rounds: smoke ? 2 : 3 },
);
printRow({
  id: 'backtest-ticks',
  title: `Backtest: replaying ${tradeCount.toLocaleString('en-US')} recorded trades`,
  better: 'higher',
  candidate: throughputFigure(replayResult as NonNullable<typeof replayResult>, 'trades/s'),
  baselines: [throughputFigure(readResult as NonNullable<typeof readResult>, 'trades/s')],
});
