/**
 * A sweep's worker thread: runs the cells it is given, one at a time, on the history it loaded
 * once (per thread). Each cell is a complete, independent backtest, so its result is the same as
 * the same run done alone.
 */
import { type BacktestData, BacktestError, formatRunResult } from '@tradeloop/backtest';
import { ConfigError } from '../config-error.js';
import type { BacktestCommand } from './backtest-options.js';
import { backtestOnce, loadHistory } from './backtest-run.js';

/** One cell to run. */
export interface SweepTask {
  command: BacktestCommand;
  baseDirectory: string;
  parameters: Record<string, string>;
}

/**
 * A finished cell: the result as its JSON text (byte-identical to a lone run's `--result-json`),
 * or why it could not run — a mistake of the command (bad data, options the backtest refuses) or
 * anything else — since an error's class does not cross the thread boundary.
 */
export type SweepTaskResult =
  | { parameters: Record<string, string>; resultText: string }
  | { parameters: Record<string, string>; failure: { message: string; userMistake: boolean } };

let history: { key: string; data: Promise<BacktestData> } | undefined;

export default async function runSweepTask(task: SweepTask): Promise<SweepTaskResult> {
  const key = JSON.stringify([task.command.history, task.command.products]);
  if (history?.key !== key) history = { key, data: loadHistory(task.command) };
  try {
    const run = await backtestOnce(task.command, await history.data, task.baseDirectory, task.parameters);
    return { parameters: task.parameters, resultText: formatRunResult(run.result) };
  } catch (error) {
    const userMistake = ConfigError.isInstance(error) || BacktestError.isInstance(error);
    const message = error instanceof Error ? error.message : String(error);
    return { parameters: task.parameters, failure: { message, userMistake } };
  }
}
