/**
 * Runs a parameter sweep: every cell of the grid as an independent backtest, spread over worker
 * threads (tinypool; one per core by default), then ranked. The threads start while the main
 * thread reads the history, which it reads once and shares with them (sweep-shared-history.ts);
 * each thread writes its cells' result files, and only their metrics come back. Cells are
 * deterministic, so the order they finish in changes nothing: results are put back in grid order
 * before ranking.
 */
import { availableParallelism } from 'node:os';
import type { BacktestData, Metrics } from '@tradeloop/backtest';
import Tinypool from 'tinypool';
import { BUILT_IN_STRATEGIES } from '../config/options.js';
import { ConfigError } from '../config-error.js';
import type { BacktestCommand } from './backtest-options.js';
import { rankCells, type SweepAxis, sweepCells } from './sweep-grid.js';
import { shareCandles } from './sweep-shared-history.js';
import type { SweepTask, SweepTaskResult } from './sweep-worker.js';
import { type CompiledWorkerModule, compileSweepWorker } from './sweep-worker-module.js';

/** One finished cell. */
export interface SweepCellResult {
  parameters: Record<string, string>;
  /** The run's overall metrics, as its result file holds them. */
  metrics: Metrics;
  /** The run's result JSON (byte-identical to the same run done alone), written by its thread. */
  resultFile: string;
}

/** What {@link runSweep} needs. */
export interface SweepOptions {
  command: BacktestCommand;
  axes: readonly SweepAxis[];
  baseDirectory: string;
  /** Reads the history (once, on the main thread, while the worker threads start). */
  loadHistory: () => Promise<BacktestData>;
  /** Where a cell's result JSON goes. */
  resultFile: (parameters: Readonly<Record<string, string>>) => string;
  /** Worker threads; default every core. */
  threads?: number | undefined;
  /** Told when the history is read and the cells are handed out. */
  onStarted?: (total: number) => void;
  /** Told as each cell finishes. */
  onCellDone?: (done: number, total: number) => void;
}

let sweepsStarted = 0;

/**
 * Runs the cells and hands them, ranked best first (see {@link rankCells}), to `useRanking` —
 * which runs while the threads are closing — and resolves with what it resolves with, once the
 * threads are closed.
 * @throws what `loadHistory` throws; ConfigError for a cell the backtest refuses (the first in
 *   grid order); what `useRanking` throws.
 */
export async function runSweep<Outcome>(
  options: SweepOptions,
  useRanking: (ranked: SweepCellResult[]) => Promise<Outcome>,
): Promise<Outcome> {
  const cells = sweepCells(options.axes);
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), cells.length));
  const compiled = await compiledWorkerModule(options.command.strategy);
  const pool = new Tinypool({
    filename: new URL('./sweep-worker-entry.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    ...(compiled === undefined
      ? {}
      : { workerData: { workerModule: compiled.url }, execArgv: threadNodeOptions(process.execArgv) }),
  });
  sweepsStarted += 1;
  const historyKey = `${process.pid}:${sweepsStarted}`;
  const close = async () => {
    await pool.destroy();
    await compiled?.remove();
  };
  let closing: Promise<void> | undefined;
  let done = 0;
  try {
    const sharedCandles = shareCandles(await options.loadHistory());
    options.onStarted?.(cells.length);
    // Settle every cell, then report the first failing cell in grid order: which worker fails first
    // is a race, and the error a user sees should not depend on it.
    const settled = await Promise.allSettled(
      cells.map(async (parameters): Promise<SweepCellResult> => {
        const task: SweepTask = {
          command: options.command,
          baseDirectory: options.baseDirectory,
          parameters,
          historyKey,
          sharedCandles,
          resultFile: options.resultFile(parameters),
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
        return { parameters, metrics: finished.metrics, resultFile: task.resultFile };
      }),
    );
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const ranked = rankCells(
      settled.map((outcome) => (outcome as PromiseFulfilledResult<SweepCellResult>).value),
    );
    // Ending a thread takes a while (its heap goes): the ranking is used meanwhile.
    closing = close();
    return await useRanking(ranked);
  } finally {
    await (closing ?? close());
  }
}

/**
 * The worker module compiled to JavaScript, for a built-in strategy; `undefined` (the threads then
 * load the sources through tsx) for a strategy of the user's — a file that may be TypeScript — or
 * when compiling fails.
 */
async function compiledWorkerModule(strategy: string): Promise<CompiledWorkerModule | undefined> {
  if (!(BUILT_IN_STRATEGIES as readonly string[]).includes(strategy)) return undefined;
  try {
    return await compileSweepWorker();
  } catch {
    return undefined;
  }
}

/**
 * The Node options a thread running the compiled (JavaScript) worker module starts with: those of
 * this process that change what code in a thread does — module conditions, preloaded modules other
 * than tsx's loader (a thread running JavaScript needs none), source maps, warnings. Everything
 * else is left out: V8's flags (`--max-old-space-size`) and options of the process (`--title`)
 * already apply to the whole process, and Node refuses to start a thread given them.
 */
export function threadNodeOptions(execArgv: readonly string[]): string[] {
  const isTsx = (specifier: string) => /(?:^|[\\/=])tsx(?:$|[\\/@])/.test(specifier);
  const withValue = [
    '--import',
    '--require',
    '-r',
    '--loader',
    '--experimental-loader',
    '--conditions',
    '-C',
  ];
  const flags =
    /^--(?:enable-source-maps|no-warnings|no-deprecation|trace-warnings|trace-deprecation|throw-deprecation|pending-deprecation|trace-uncaught|unhandled-rejections=\S+)$/;
  const kept: string[] = [];
  for (let index = 0; index < execArgv.length; index += 1) {
    const option = execArgv[index] as string;
    const next = execArgv[index + 1];
    if (withValue.includes(option) && next !== undefined) {
      index += 1;
      if (!isTsx(next)) kept.push(option, next);
      continue;
    }
    const [name = '', value] = option.split(/=(.*)/s);
    if (value !== undefined && withValue.includes(name)) {
      if (!isTsx(value)) kept.push(option);
      continue;
    }
    if (flags.test(option)) kept.push(option);
  }
  return kept;
}
