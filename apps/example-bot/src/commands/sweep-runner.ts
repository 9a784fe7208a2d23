/**
 * Runs a parameter sweep: every cell of the grid as an independent backtest, spread over worker
 * threads (tinypool; one per core by default), then ranked. Cells are deterministic, so the order
 * they finish in changes nothing: results are put back in grid order before ranking.
 */
import { availableParallelism } from 'node:os';
import type { BacktestResult } from '@tradeloop/backtest';
import Tinypool from 'tinypool';
import { ConfigError } from '../config-error.js';
import type { BacktestCommand } from './backtest-options.js';
import { rankCells, type SweepAxis, sweepCells } from './sweep-grid.js';
import type { SweepTask, SweepTaskResult } from './sweep-worker.js';

/** One finished cell. */
export interface SweepCellResult {
  parameters: Record<string, string>;
  result: BacktestResult;
  resultText: string;
}

/** What {@link runSweep} needs. */
export interface SweepOptions {
  command: BacktestCommand;
  axes: readonly SweepAxis[];
  baseDirectory: string;
  /** Worker threads; default every core. */
  threads?: number | undefined;
  /** Told as each cell finishes. */
  onCellDone?: (done: number, total: number) => void;
}

/** The cells, ranked best first (see {@link rankCells}). */
export async function runSweep(options: SweepOptions): Promise<SweepCellResult[]> {
  const cells = sweepCells(options.axes);
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), cells.length));
  const pool = new Tinypool({
    filename: new URL('./sweep-worker-entry.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
  });
  let done = 0;
  try {
    // Settle every cell, then report the first failing cell in grid order: which worker fails first
    // is a race, and the error a user sees should not depend on it.
    const settled = await Promise.allSettled(
      cells.map(async (parameters) => {
        const task: SweepTask = {
          command: options.command,
          baseDirectory: options.baseDirectory,
          parameters,
        };
        const finished = (await pool.run(task)) as SweepTaskResult;
        if ('failure' in finished) {
          const where = Object.entries(parameters)
            .map(([name, value]) => `${name}=${value}`)
            .join(', ');
          const message = `the sweep cell ${where} failed: ${finished.failure.message}`;
          throw finished.failure.userMistake ? new ConfigError(message) : new Error(message);
        }
        done += 1;
        options.onCellDone?.(done, cells.length);
        return {
          parameters,
          resultText: finished.resultText,
          result: JSON.parse(finished.resultText) as BacktestResult,
        };
      }),
    );
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const results = settled.map(
      (outcome) =>
        (outcome as PromiseFulfilledResult<Omit<SweepCellResult, 'metrics'> & { result: BacktestResult }>)
          .value,
    );
    return rankCells(results.map((cell) => ({ ...cell, metrics: cell.result.metrics.overall }))).map(
      ({ metrics: _metrics, ...cell }) => cell,
    );
  } finally {
    await pool.destroy();
  }
}
