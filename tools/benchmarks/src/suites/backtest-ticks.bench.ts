/**
 * Tick replay benchmark (issue 13): a recording file of trades (JSON lines, as the recorder writes
 * them) read and replayed through a do-nothing `onTrade` strategy (`readRecording` +
 * `runBacktest`), beside a bare loop that only reads the same file and `JSON.parse`s each line.
 * Its own suite, so it runs in a fresh process as a user's backtest does (not after the candle
 * suite's year of data). Prints numbers and a ratio; asserts no timing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecording, runBacktest } from '@tradeloop/backtest';
import { defineStrategy } from '@tradeloop/strategy-kit';
import {
  measureAlternating,
  printRow,
  scaled,
  smoke,
  throughputFigure,
} from '@tradeloop-internal/bench-harness';
import { syntheticCandles } from '../../../../packages/backtest/src/__fixtures__/synthetic-candles.js';
import { loadAverage } from './load-average.js';

const tradeCount = scaled(500_000);
const tapeDirectory = mkdtempSync(join(tmpdir(), 'bench-ticks-'));
const tapePath = join(tapeDirectory, 'trades.jsonl');
{
  // The closes of 20,000 seeded one-minute candles (the candle suite's data) as trade prices.
  const closes = syntheticCandles({ count: 20_000, seed: 2025 }).close;
  const lines = [
    JSON.stringify({
      format: 'tradeloop.recording',
      version: 1,
      products: ['BTC-USD'],
      channels: ['matches'],
      startedAt: '2025-01-01T00:00:00.000Z',
    }),
  ];
  // 20 trades a second, prices from the candles, as the recorder writes them (JSON.stringify).
  for (let index = 0; index < tradeCount; index += 1)
    lines.push(
      JSON.stringify({
        type: 'trade',
        time: Date.UTC(2025, 0, 1) + index * 50,
        productId: 'BTC-USD',
        tradeId: String(86_500_000 + index),
        price: closes[index % closes.length],
        size: index % 7 === 0 ? '0.5' : '0.0125',
        takerSide: index % 3 === 0 ? 'sell' : 'buy',
      }),
    );
  writeFileSync(tapePath, `${lines.join('\n')}\n`);
}
const listener = defineStrategy({ name: 'listener', onTrade() {} });
let parsedLines = 0;
try {
  const [replayResult, readResult] = await measureAlternating(
    [
      {
        name: '@tradeloop/backtest tick replay (readRecording + runBacktest, do-nothing onTrade)',
        run: async () =>
          void (await runBacktest({
            strategy: listener,
            products: ['BTC-USD'],
            data: { recording: readRecording(tapePath) },
            balances: { USD: '1000' },
          })),
      },
      {
        name: 'bare loop: read the file, JSON.parse each line',
        run: () => {
          for (const line of readFileSync(tapePath, 'utf8').split('\n'))
            if (line !== '') parsedLines += JSON.parse(line) === null ? 0 : 1;
        },
      },
    ],
    // Rounds alternate, so each case half the time starts with the other's garbage to collect
    // (the loop leaves a 67 MB string and 500,000 objects; the replay, little).
    { iterations: tradeCount, rounds: smoke ? 2 : 5 },
  );
  const ratio = (replayResult?.opsPerSecond ?? Number.NaN) / (readResult?.opsPerSecond ?? Number.NaN);
  printRow({
    id: 'backtest-ticks',
    title: `Backtest tick replay: ${tradeCount.toLocaleString('en-US')} recorded trades (JSON lines file) through a do-nothing strategy, trades/s`,
    better: 'higher',
    candidate: throughputFigure(replayResult as NonNullable<typeof replayResult>, 'trades/s'),
    baselines: [throughputFigure(readResult as NonNullable<typeof readResult>, 'trades/s')],
    note: `${loadAverage()}; ${ratio.toFixed(2)}× the read-and-parse loop (goal ≥ 0.5× and ≥ 1,000,000 trades/s); the replay reads the file once in 1 MB chunks, checks each line as it reaches it, steps the runtime's clock through every trade and hands each to onTrade; a fresh process of its own, warmed up by one run, alternating with the loop (whose 67 MB of garbage the replay's run after it collects)`,
  });
} finally {
  rmSync(tapeDirectory, { recursive: true, force: true });
}
if (parsedLines < 0) console.log(parsedLines);
