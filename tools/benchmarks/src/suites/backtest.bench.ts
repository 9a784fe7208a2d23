/**
 * Backtest benchmarks (issue 13), measured side by side in one run:
 * 1. One year of one-minute candles (525,600, generated with a fixed seed, never committed) as CSV
 *    text through an SMA(10/30) crossover: `@tradeloop/backtest` (parse + `runBacktest` with the
 *    plugin) beside grademark (data-forge reads the CSV, grademark runs the same rule) and beside
 *    the floor (split the CSV, plain numbers, the same crossover, no engine). Candles/s and wall
 *    time; the trades are compared round trip by round trip and every difference explained.
 * 2. Sweep speed-up: the example bot's `backtest --sweep` (worker threads) on every core beside
 *    the same sweep with `--jobs 1`, as processes.
 * (Tick replay against a read-and-parse loop is the package's own bench: packages/backtest.)
 * Prints numbers and ratios; asserts no timing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCandleCsv, runBacktest } from '@tradeloop/backtest';
import {
  measureAlternating,
  printRow,
  scaled,
  smoke,
  throughputFigure,
} from '@tradeloop-internal/bench-harness';
// The package's own benchmark pieces: the plugin as a user writes it, and the seeded candles.
import { smaCrossover } from '../../../../packages/backtest/src/__fixtures__/strategies.js';
import {
  candlesToCsv,
  syntheticCandles,
} from '../../../../packages/backtest/src/__fixtures__/synthetic-candles.js';
import { grademarkCrossover, type RoundTripPrices } from './backtest-grademark.js';
import { markCrossings } from './sma-crossings.js';

const fast = 10;
const slow = 30;
const year = scaled(525_600);
const csvLines = candlesToCsv(syntheticCandles({ count: year, seed: 2025 }))
  .trimEnd()
  .split('\n');
const csvCache = new Map<number, string>();
/** The first `count` candles as CSV text (header included). */
function csvOf(count: number): string {
  let text = csvCache.get(count);
  if (text === undefined) {
    text = `${csvLines.slice(0, count + 1).join('\n')}\n`;
    csvCache.set(count, text);
  }
  return text;
}

async function tradeloop(count: number) {
  const candles = parseCandleCsv(csvOf(count), { productId: 'BTC-USD' });
  return runBacktest({
    strategy: smaCrossover,
    parameters: { fast, slow, size: '0.01' },
    products: ['BTC-USD'],
    data: { candles, granularityMs: 60_000 },
    balances: { USD: '1000000' },
  });
}

/** The floor: split the CSV, plain numbers, the same crossover, fills at the next open. */
function floor(count: number): RoundTripPrices[] {
  const lines = csvOf(count).trimEnd().split('\n');
  const rows = lines.length - 1;
  const times = new Float64Array(rows);
  const opens = new Float64Array(rows);
  const closes = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) {
    const fields = (lines[row + 1] as string).split(',');
    times[row] = Number(fields[0]) * 1000;
    opens[row] = Number(fields[1]);
    closes[row] = Number(fields[4]);
  }
  const marks = markCrossings(closes, fast, slow);
  const trips: RoundTripPrices[] = [];
  let entry: number | undefined;
  // A crossing at a close acts at the next candle's open.
  for (let row = 0; row + 1 < rows; row += 1) {
    if (marks[row] === 'up' && entry === undefined) entry = row + 1;
    else if (marks[row] === 'down' && entry !== undefined) {
      trips.push({
        entryTime: times[entry] as number,
        entryPrice: opens[entry] as number,
        exitTime: times[row + 1] as number,
        exitPrice: opens[row + 1] as number,
      });
      entry = undefined;
    }
  }
  return trips;
}

/** tradeloop's fills as round trips (buy → sell; a position open at the end has no exit). */
function roundTripsOf(
  trades: ReadonlyArray<{ time: string; side: string; price: string }>,
): RoundTripPrices[] {
  const trips: RoundTripPrices[] = [];
  let entry: { time: number; price: number } | undefined;
  for (const trade of trades) {
    if (trade.side === 'buy') entry = { time: Date.parse(trade.time), price: Number(trade.price) };
    else if (entry !== undefined) {
      trips.push({
        entryTime: entry.time,
        entryPrice: entry.price,
        exitTime: Date.parse(trade.time),
        exitPrice: Number(trade.price),
      });
      entry = undefined;
    }
  }
  return trips;
}

const same = (left: RoundTripPrices | undefined, right: RoundTripPrices | undefined) =>
  left !== undefined &&
  right !== undefined &&
  left.entryTime === right.entryTime &&
  left.entryPrice === right.entryPrice &&
  left.exitTime === right.exitTime &&
  left.exitPrice === right.exitPrice;

/** How grademark's round trips differ from tradeloop's, in words. */
function explainDifferences(ours: RoundTripPrices[], theirs: RoundTripPrices[]): string {
  const finalized = theirs.filter((trip) => trip.finalized === true);
  const comparable = theirs.filter((trip) => trip.finalized !== true);
  let identical = 0;
  let firstDifference: string | undefined;
  const oursByEntry = new Map(ours.map((trip) => [trip.entryTime, trip]));
  let missedExit = 0;
  for (const trip of comparable) {
    const match = oursByEntry.get(trip.entryTime);
    if (same(match, trip)) identical += 1;
    else {
      // grademark evaluates no exit rule on the candle it entered on: a cross back down on that
      // very candle is missed, and it holds until the next cross down.
      if (match !== undefined && match.exitTime < trip.exitTime) missedExit += 1;
      firstDifference ??= `first: grademark ${new Date(trip.entryTime).toISOString()} → ${new Date(trip.exitTime).toISOString()}, tradeloop ${match === undefined ? 'no entry then' : `→ ${new Date(match.exitTime).toISOString()}`}`;
    }
  }
  const parts = [
    `${identical} of ${comparable.length} grademark round trips identical to tradeloop's (${ours.length}; entry/exit time and price)`,
  ];
  if (finalized.length > 0)
    parts.push(
      `${finalized.length} closed by grademark at the last close ("finalize"; tradeloop leaves it open)`,
    );
  if (missedExit > 0)
    parts.push(
      `${missedExit} held longer by grademark: it runs no exit rule on its entry candle nor an entry rule on its exit candle, so crossings there are skipped (tradeloop acts on every candle close)`,
    );
  if (firstDifference !== undefined) parts.push(firstDifference);
  return parts.join('; ');
}

const [tradeloopResult, grademarkResult, floorResult] = await measureAlternating(
  [
    {
      name: '@tradeloop/backtest (CSV parse + runBacktest, SMA plugin)',
      run: async (count) => void (await tradeloop(count)),
    },
    {
      name: 'grademark 0.3 (data-forge fromCSV + backtest)',
      run: (count) => void grademarkCrossover(csvOf(count), fast, slow),
    },
    { name: 'bare loop: split the CSV, plain numbers, no engine', run: (count) => void floor(count) },
  ],
  { iterations: year, rounds: 1 },
);
const ours = roundTripsOf((await tradeloop(year)).result.trades);
const floorTrips = floor(year);
const sameAsFloor =
  ours.length === floorTrips.length && ours.every((trip, index) => same(trip, floorTrips[index]));
const wall = (result: { opsPerSecond: number } | undefined) =>
  (year / (result?.opsPerSecond ?? Number.NaN)).toFixed(2);
printRow({
  id: 'backtest-grademark',
  title: `Backtest: ${year.toLocaleString('en-US')} one-minute candles (CSV) through an SMA(${fast}/${slow}) crossover, candles/s`,
  better: 'higher',
  candidate: throughputFigure(tradeloopResult as NonNullable<typeof tradeloopResult>, 'candles/s'),
  baselines: [
    throughputFigure(grademarkResult as NonNullable<typeof grademarkResult>, 'candles/s'),
    throughputFigure(floorResult as NonNullable<typeof floorResult>, 'candles/s'),
  ],
  note: `wall: tradeloop ${wall(tradeloopResult)} s, grademark ${wall(grademarkResult)} s, floor ${wall(floorResult)} s; tradeloop trades as the floor: ${sameAsFloor ? 'yes' : 'NO'}; ${explainDifferences(ours, grademarkCrossover(csvOf(year), fast, slow))}`,
});

// ── Sweep speed-up: the example bot's --sweep on every core vs one ────────────────────────────
const appDirectory = fileURLToPath(new URL('../../../../apps/example-bot/', import.meta.url));
const workDirectory = mkdtempSync(join(tmpdir(), 'bench-sweep-'));
const sweepCandles = scaled(40_000);
writeFileSync(join(workDirectory, 'BTC-USD-1m.csv'), csvOf(Math.min(sweepCandles, year)));
const grid = smoke ? 'fastPeriod=5..10:5,slowPeriod=30..40:10' : 'fastPeriod=5..20:5,slowPeriod=30..60:10';
const cells = smoke ? 4 : 16;
const cores = availableParallelism();

function sweepProcess(jobs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/main.ts',
        'backtest',
        '--strategy',
        'trend-follower',
        '--products',
        'BTC-USD',
        '--data',
        'BTC-USD-1m.csv',
        '--sweep',
        grid,
        '--jobs',
        String(jobs),
        '--result-json',
        `sweep-${jobs}.json`,
      ],
      {
        cwd: appDirectory,
        env: { ...process.env, INIT_CWD: workDirectory },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let errors = '';
    child.stderr?.on('data', (chunk) => {
      errors += String(chunk);
    });
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`sweep with --jobs ${jobs} exited ${code}: ${errors.slice(-500)}`)),
    );
  });
}

try {
  const [allCores, oneCore] = await measureAlternating(
    [
      { name: `example-bot backtest --sweep, ${cores} worker threads`, run: () => sweepProcess(cores) },
      { name: 'the same sweep, --jobs 1', run: () => sweepProcess(1) },
    ],
    { iterations: cells, rounds: 2 },
  );
  const speedUp = (allCores?.opsPerSecond ?? Number.NaN) / (oneCore?.opsPerSecond ?? Number.NaN);
  printRow({
    id: 'backtest-sweep',
    title: `Backtest sweep: ${cells} runs of ${sweepCandles.toLocaleString('en-US')} candles, runs/s on ${cores} cores vs one`,
    better: 'higher',
    candidate: throughputFigure(allCores as NonNullable<typeof allCores>, 'runs/s'),
    baselines: [throughputFigure(oneCore as NonNullable<typeof oneCore>, 'runs/s')],
    note: `speed-up ${speedUp.toFixed(2)} on ${cores} cores (goal ≥ ${(0.8 * cores).toFixed(1)}); each includes the process start and every cell's result file; the machine is shared, so other load lowers it`,
  });
} finally {
  rmSync(workDirectory, { recursive: true, force: true });
}
