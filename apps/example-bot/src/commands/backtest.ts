/**
 * `pnpm --filter example-bot backtest -- --strategy … --products … --data <csv|dir>` (or
 * `--recording <file>`, or `--from/--to` of downloaded candles): runs the same plugin that trades
 * live on history, with a progress bar, a summary table at the end, and the result JSON and HTML
 * report if asked; `--sweep` runs a parameter grid on every core and ranks it. A bad input file
 * ends with its line number and exit status 2. Relative paths are taken from where the command
 * was typed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BacktestConfigError,
  type BacktestData,
  type BacktestResult,
  CandleDataError,
  formatRunResult,
  RecordingFormatError,
} from '@tradeloop/backtest';
import { parseRunResult } from '@tradeloop/report';
import { ConfigError } from '../config-error.js';
import { backtestSummaryLines, sweepTableLines } from '../output/backtest-summary.js';
import { ProgressBar, type ProgressStream } from '../output/progress-bar.js';
import { writeHtmlReport } from '../output/run-report.js';
import { loadBotStrategy } from '../strategies/load-strategy.js';
import { loadHistory } from './backtest-history.js';
import { BACKTEST_USAGE, type BacktestCommand, parseBacktestCommand } from './backtest-options.js';
import { backtestOnce } from './backtest-run.js';
import { CandleDownloadError } from './candle-download.js';
import { withSweep } from './sweep-file.js';
import { sweepCells } from './sweep-grid.js';
import { runSweep, type SweepCellResult } from './sweep-runner.js';

/** Where the command writes: text for people on `stdout`, progress and errors on `stderr`. */
export interface CommandStreams {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
}

/** Runs the command; resolves with the exit status. */
export async function runBacktestCommand(
  argv: readonly string[],
  baseDirectory: string,
  streams: CommandStreams = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const print = (line: string) => streams.stdout.write(`${line}\n`);
  try {
    const command = parseBacktestCommand(argv, baseDirectory);
    if (command === undefined) {
      print(BACKTEST_USAGE);
      return 0;
    }
    // A wrong strategy or parameter (of any sweep cell) is told before any data is read.
    for (const cell of command.sweep === undefined ? [{}] : sweepCells(command.sweep))
      await loadBotStrategy(command.strategy, { ...command.parameters, ...cell }, baseDirectory);
    if (command.sweep !== undefined) await sweep(command, baseDirectory, streams, print);
    else await single(command, await readHistory(command, streams.stderr), baseDirectory, streams, print);
    return 0;
  } catch (error) {
    if (
      ConfigError.isInstance(error) ||
      CandleDataError.isInstance(error) ||
      RecordingFormatError.isInstance(error) ||
      BacktestConfigError.isInstance(error) ||
      CandleDownloadError.isInstance(error)
    ) {
      streams.stderr.write(`backtest: ${error.message}\n`);
      return CandleDownloadError.isInstance(error) ? 1 : 2;
    }
    throw error;
  }
}

async function readHistory(command: BacktestCommand, stderr: ProgressStream): Promise<BacktestData> {
  let bar: ProgressBar | undefined;
  const data = await loadHistory(command, ({ done, total }) => {
    bar ??= new ProgressBar({ label: 'candles', total, stream: stderr });
    bar.update(done);
  });
  bar?.finish();
  return data;
}

async function single(
  command: BacktestCommand,
  data: BacktestData,
  baseDirectory: string,
  streams: CommandStreams,
  print: (line: string) => void,
): Promise<void> {
  let bar: ProgressBar | undefined;
  const run = await backtestOnce(command, data, baseDirectory, {}, ({ done, total }) => {
    bar ??= new ProgressBar({
      label: `backtest ${command.products.join(',')}`,
      total,
      // A recording is replayed as it is read: its progress is in bytes.
      unit: command.history.kind === 'recording' ? 'bytes' : 'count',
      stream: streams.stderr,
    });
    bar.update(done);
  });
  bar?.finish();
  const files: { resultJson?: string; report?: string } = {};
  if (command.resultJson !== undefined) {
    await writeText(command.resultJson, formatRunResult(run.result));
    files.resultJson = command.resultJson;
  }
  if (command.report !== undefined) {
    await writeHtmlReport(command.report, parseRunResult(formatRunResult(run.result)));
    files.report = command.report;
  }
  for (const line of backtestSummaryLines(run, files)) print(line);
}

async function sweep(
  command: BacktestCommand,
  baseDirectory: string,
  streams: CommandStreams,
  print: (line: string) => void,
): Promise<void> {
  const axes = command.sweep ?? [];
  const sweepPath = command.resultJson ?? join(baseDirectory, 'sweep-result.json');
  const cellDirectory = join(dirname(sweepPath), `${basename(sweepPath).replace(/\.json$/i, '')}.cells`);
  let bar: ProgressBar | undefined;
  const ranked = await runSweep(
    {
      command,
      axes,
      baseDirectory,
      threads: command.jobs,
      loadHistory: () => readHistory(command, streams.stderr),
      resultFile: (parameters) =>
        join(
          cellDirectory,
          `${Object.entries(parameters)
            .map(([name, value]) => `${name}-${value}`)
            .join('_')}.json`,
        ),
      onStarted: (total) => {
        bar = new ProgressBar({ label: `sweep ${total} runs`, total, stream: streams.stderr });
      },
      onCellDone: (done) => bar?.update(done),
    },
    async (ranked) => {
      bar?.finish();
      await writeSweepFiles(command, sweepPath, ranked);
      return ranked;
    },
  );
  for (const line of sweepTableLines(
    axes.map((axis) => axis.name),
    ranked,
  ))
    print(line);
  print(`sweep     ${sweepPath} (every cell in ${cellDirectory})`);
  if (command.report !== undefined) print(`report    ${command.report}`);
}

/** The sweep file: the best cell's run (as its file holds it) with every cell's figures beside it. */
async function writeSweepFiles(
  command: BacktestCommand,
  sweepPath: string,
  ranked: readonly SweepCellResult[],
): Promise<void> {
  const sweep: NonNullable<BacktestResult['sweep']> = {
    parameters: (command.sweep ?? []).map((axis) => axis.name),
    rankedBy: 'sharpe',
    cells: ranked.map((cell) => ({
      parameters: cell.parameters,
      metrics: cell.metrics,
      resultFile: relative(dirname(sweepPath), cell.resultFile),
    })),
  };
  const sweepText = withSweep(await readFile((ranked[0] as SweepCellResult).resultFile, 'utf8'), sweep);
  await writeText(sweepPath, sweepText);
  if (command.report !== undefined) await writeHtmlReport(command.report, parseRunResult(sweepText));
}

async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, 'utf8');
}

// Run as a script (the package's `backtest` script), not when imported by a test.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // pnpm runs scripts in the package folder and keeps the user's directory in INIT_CWD.
  runBacktestCommand(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd()).then(
    (exitCode) => {
      process.exitCode = exitCode;
    },
    (error: unknown) => {
      process.stderr.write(
        `backtest: stopped by an unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
