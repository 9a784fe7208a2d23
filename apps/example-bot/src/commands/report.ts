/**
 * `pnpm --filter example-bot report -- <result.json> [--out <report.html>]`: re-renders any run
 * result file (a backtest's `--result-json`, a sweep file, a bot run's) as the HTML report.
 * Relative paths are taken from the directory the command was typed in.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseRunResult, RunResultError } from '@tradeloop/report';
import { writeHtmlReport } from '../output/run-report.js';

const USAGE = `Usage: pnpm --filter example-bot report -- <result.json> [--out <report.html>]

Renders a run result (backtest, sweep, or bot run) as one self-contained HTML report.
  --out <file.html>   where to write it (default: the result's name with .html)`;

/** What the command did, or why it could not. */
export interface ReportCommandOutcome {
  exitCode: number;
  message: string;
}

/**
 * Runs the command.
 *
 * @param argv - the arguments after the script name.
 * @param baseDirectory - where relative paths are resolved.
 */
export async function runReportCommand(
  argv: readonly string[],
  baseDirectory: string,
): Promise<ReportCommandOutcome> {
  let values: { out?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv[0] === '--' ? argv.slice(1) : [...argv],
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return { exitCode: 2, message: `${(error as Error).message}\n\n${USAGE}` };
  }
  if (values.help === true) return { exitCode: 0, message: USAGE };
  if (positionals.length !== 1) {
    return {
      exitCode: 2,
      message: `Give exactly one result file (received ${positionals.length}).\n\n${USAGE}`,
    };
  }
  const input = absolute(positionals[0] as string, baseDirectory);
  const output = absolute(values.out ?? `${input.replace(/\.json$/i, '')}.html`, baseDirectory);
  if (!output.toLowerCase().endsWith('.html')) {
    return {
      exitCode: 2,
      message: `--out writes HTML; give it a file name ending in .html (received "${values.out}").`,
    };
  }
  let text: string;
  try {
    text = await readFile(input, 'utf8');
  } catch (error) {
    return {
      exitCode: 2,
      message: `Cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    };
  }
  try {
    await writeHtmlReport(output, parseRunResult(text));
  } catch (error) {
    if (RunResultError.isInstance(error)) return { exitCode: 2, message: `${input}: ${error.message}` };
    throw error;
  }
  const size = (await stat(output)).size;
  return { exitCode: 0, message: `wrote ${output} (${Math.ceil(size / 1024)} kB) from ${input}` };
}

function absolute(path: string, baseDirectory: string): string {
  return isAbsolute(path) ? path : resolve(baseDirectory, path);
}

// Run as a script (the package's `report` script), not when imported by a test.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // pnpm runs scripts in the package folder and keeps the user's directory in INIT_CWD.
  runReportCommand(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd()).then(
    (outcome) => {
      (outcome.exitCode === 0 ? process.stdout : process.stderr).write(`${outcome.message}\n`);
      process.exitCode = outcome.exitCode;
    },
    (error: unknown) => {
      process.stderr.write(`report: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
