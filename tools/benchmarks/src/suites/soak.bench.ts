/**
 * Soak: the figures of the last `pnpm soak` (tools/soak: the example bot against the simulator's
 * market at 20× speed for 10 minutes, a strategy that places and cancels an order on every
 * trade), read from bench-results/soak.json, which `pnpm soak` writes. The soak itself is not run
 * here: ten minutes is too long for `pnpm bench`; run `pnpm soak` first (the rows say when the
 * figures were measured, and n/a when there are none).
 *
 * - heap after a forced GC, growth per 1,000 orders past the first 2,000 (no baseline: the
 *   figure is compared with issue 20's target, 100 KiB);
 * - the journal's size and its replay time: the largest the compacted journal got during the run,
 *   beside the same run's whole history as one journal never compacted (rebuilt from the summary
 *   file, replayed in the same soak).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Figure, printRow, smoke, type Unmeasured } from '@tradeloop-internal/bench-harness';

// A smoke bench reads a smoke soak's results (`pnpm soak --smoke`), never the measured ones.
const resultsPath = fileURLToPath(
  new URL(`../../../../bench-results/${smoke ? 'soak.smoke.json' : 'soak.json'}`, import.meta.url),
);

/** The fields of tools/soak's results file this suite reads. */
interface SoakResults {
  minutes: number;
  speed: number;
  orders: number;
  fills: number;
  warmupOrders: number;
  heapFirstMiB?: number;
  heapLastMiB?: number;
  growthKiBPerThousandOrders?: number;
  journalBytes: number;
  journalReplayMs: number;
  journalLargestBytes: number;
  journalLargestReplayMs: number;
  historyJournalBytes: number;
  historyJournalReplayMs: number;
  date: string;
  loadAverage: number;
  cores: number;
}

const results: SoakResults | undefined = existsSync(resultsPath)
  ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as SoakResults)
  : undefined;
const missing = `no soak results: run \`pnpm soak${smoke ? ' --smoke' : ''}\` first (it writes ${resultsPath.replace(/^.*\/bench-results\//, 'bench-results/')})`;
const measured = (name: string, value: number | undefined, unit: string, min = value, max = value) =>
  value === undefined || min === undefined || max === undefined
    ? ({ name, unavailable: results === undefined ? missing : 'the soak had too few orders' } as Unmeasured)
    : ({ name, value, min, max, unit } as Figure);
const KiB = 1024;
const when =
  results === undefined
    ? undefined
    : `read from bench-results/soak.json, written by the pnpm soak of ${results.date}: ${results.orders.toLocaleString('en-US')} orders and ${results.fills.toLocaleString('en-US')} fills in ${results.minutes} min, market at ${results.speed}×, load ${results.loadAverage.toFixed(1)} on ${results.cores} cores`;

printRow({
  id: 'soak-heap',
  title: `Soak: heap after a forced GC, growth per 1,000 orders past the first ${(results?.warmupOrders ?? 2000).toLocaleString('en-US')} (example bot, an order placed and canceled on every trade)`,
  better: 'lower',
  candidate: measured('example bot (pnpm soak)', results?.growthKiBPerThousandOrders, 'KiB'),
  baselines: [],
  ...(when === undefined
    ? {}
    : {
        note: `${when}; heap after GC ${results?.heapFirstMiB?.toFixed(2)} → ${results?.heapLastMiB?.toFixed(2)} MiB; a least-squares slope over samples 20 s apart; issue 20's target is < 100 KiB`,
      }),
});

printRow({
  id: 'soak-journal-size',
  title: 'Soak: size of the order journal a restart reads (KiB), compacted past 1 MiB vs never compacted',
  better: 'lower',
  candidate: measured(
    'compacted journal, largest during the run (range: at the end – largest)',
    results === undefined ? undefined : results.journalLargestBytes / KiB,
    'KiB',
    results === undefined ? undefined : Math.min(results.journalBytes, results.journalLargestBytes) / KiB,
  ),
  baselines: [
    measured(
      "the run's whole history, never compacted (rebuilt from the summary file)",
      results === undefined ? undefined : results.historyJournalBytes / KiB,
      'KiB',
    ),
  ],
  ...(when === undefined ? {} : { note: when }),
});

printRow({
  id: 'soak-journal-replay',
  title: 'Soak: replay time of that journal at a restart (ms), compacted vs never compacted',
  better: 'lower',
  candidate: measured(
    'compacted journal, largest during the run (range: at the end – largest)',
    results?.journalLargestReplayMs,
    'ms',
    results === undefined ? undefined : Math.min(results.journalReplayMs, results.journalLargestReplayMs),
    results === undefined ? undefined : Math.max(results.journalReplayMs, results.journalLargestReplayMs),
  ),
  baselines: [
    measured(
      "the run's whole history, never compacted (rebuilt from the summary file)",
      results?.historyJournalReplayMs,
      'ms',
    ),
  ],
  ...(when === undefined
    ? {}
    : { note: `${when}; FileJournal.open of a copy, compaction off, in the soak's process` }),
});
