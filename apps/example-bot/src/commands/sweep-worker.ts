/**
 * A sweep's worker thread: runs the cells it is given, one at a time, on the history the main
 * thread shared (or, for a recording, read once per thread), and writes each cell's result file
 * itself, so only the cell's metrics cross back to the main thread. Each cell is a complete,
 * independent backtest, so its result is the same as the same run done alone.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type BacktestData, BacktestError, formatRunResult, type Metrics } from '@tradeloop/backtest';
import { ConfigError } from '../config-error.js';
import type { BacktestCommand } from './backtest-options.js';
import { backtestOnce } from './backtest-run.js';
import { type SharedCandles, sharedCandleData } from './sweep-shared-history.js';

/** One cell to run. */
export interface SweepTask {
  command: BacktestCommand;
  baseDirectory: string;
  parameters: Record<string, string>;
  /** Names the history below: the same key, the same data (kept by the thread between cells). */
  historyKey: string;
  /** The candles the main thread read, in shared memory; absent: read `command`'s history here. */
  sharedCandles: SharedCandles | undefined;
  /** Where the cell's result JSON goes. */
  resultFile: string;
}

/**
 * A finished cell: its overall metrics (its result, byte-identical to a lone run's
 * `--result-json`, is in the task's `resultFile`), or why it could not run — a mistake of the
 * command (bad data, options the backtest refuses) or anything else — since an error's class does
 * not cross the thread boundary.
 */
export type SweepTaskResult =
  | { parameters: Record<string, string>; metrics: Metrics }
  | { parameters: Record<string, string>; failure: { message: string; userMistake: boolean } };

let history: { key: string; data: Promise<BacktestData> } | undefined;

export default async function runSweepTask(task: SweepTask): Promise<SweepTaskResult> {
  try {
    if (history?.key !== task.historyKey)
      history = {
        key: task.historyKey,
        data:
          task.sharedCandles === undefined
            ? // Only a recording is read here: its module is loaded then, not at every thread's start.
              import('./backtest-history.js').then(({ loadHistory }) => loadHistory(task.command))
            : Promise.resolve(sharedCandleData(task.sharedCandles)),
      };
    const run = await backtestOnce(task.command, await history.data, task.baseDirectory, task.parameters);
    await mkdir(dirname(task.resultFile), { recursive: true });
    await writeFile(task.resultFile, formatRunResult(run.result), 'utf8');
    // The metrics as the result file holds them (a JSON round trip drops nothing a reader sees).
    return { parameters: task.parameters, metrics: JSON.parse(JSON.stringify(run.result.metrics.overall)) };
  } catch (error) {
    const userMistake = ConfigError.isInstance(error) || BacktestError.isInstance(error);
    const message = error instanceof Error ? error.message : String(error);
    return { parameters: task.parameters, failure: { message, userMistake } };
  }
}
