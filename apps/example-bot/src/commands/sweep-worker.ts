/**
 * A sweep's worker thread: runs the cells it is given, one at a time, on the history it loaded
 * once (per thread). Each cell is a complete, independent backtest, so its result is the same as
 * the same run done alone.
 */
import { type BacktestData, formatRunResult } from '@tradeloop/backtest';
import type { BacktestCommand } from './backtest-options.js';
import { backtestOnce, loadHistory } from './backtest-run.js';

/** One cell to run. */
export interface SweepTask {
  command: BacktestCommand;
  baseDirectory: string;
  parameters: Record<string, string>;
}

/** A finished cell: the result as its JSON text (byte-identical to a lone run's `--result-json`). */
export interface SweepTaskResult {
  parameters: Record<string, string>;
  resultText: string;
}

let history: { key: string; data: Promise<BacktestData> } | undefined;

export default async function runSweepTask(task: SweepTask): Promise<SweepTaskResult> {
  const key = JSON.stringify([task.command.history, task.command.products]);
  if (history?.key !== key) history = { key, data: loadHistory(task.command) };
  const run = await backtestOnce(task.command, await history.data, task.baseDirectory, task.parameters);
  return { parameters: task.parameters, resultText: formatRunResult(run.result) };
}
