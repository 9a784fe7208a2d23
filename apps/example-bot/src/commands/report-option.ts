/**
 * `--report <file.html>` (env `TRADELOOP_REPORT`) on `start`: where to write the run's HTML report
 * at exit. Read here, before the rest of the command line, so the option lives beside the report
 * code; relative paths are resolved against the directory the user ran the command in.
 */
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../config-error.js';

const REPORT_FLAG = '--report <file.html>';
const REPORT_HELP = 'write an HTML report of the run at exit; env TRADELOOP_REPORT';

/** The help text with this option's line added after the others, aligned with them. */
export function withReportOptionHelp(helpText: string): string {
  const lines = helpText.split('\n');
  const optionLines = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => /^ {2}--[a-z]/.test(line));
  const last = optionLines[optionLines.length - 1];
  if (last === undefined) return `${helpText}\n  ${REPORT_FLAG}  ${REPORT_HELP}`;
  // The descriptions start where the first option's flag column ends.
  const column = /^ {2}\S+(?: \S+)?\s+/.exec((optionLines[0] as { line: string }).line)?.[0].length ?? 0;
  lines.splice(
    last.index + 1,
    0,
    `  ${REPORT_FLAG}`.padEnd(Math.max(column, REPORT_FLAG.length + 4)) + REPORT_HELP,
  );
  return lines.join('\n');
}

/** The report path, if asked for, and the command line without the option. */
export function extractReportOption(
  argv: readonly string[],
  environment: Record<string, string | undefined>,
  baseDirectory: string,
): { reportPath: string | undefined; argv: string[] } {
  const rest: string[] = [];
  let path = environment.TRADELOOP_REPORT === '' ? undefined : environment.TRADELOOP_REPORT;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    // `pnpm start -- --report x.html` hands the separator through first; after any later one, nothing is an option.
    if (argument === '--' && index > 0) {
      rest.push(...argv.slice(index));
      break;
    }
    if (argument === '--report' || argument.startsWith('--report=')) {
      const value = argument === '--report' ? argv[index + 1] : argument.slice('--report='.length);
      if (value === undefined || value === '' || value.startsWith('--')) {
        throw new ConfigError('--report needs a file name, e.g. --report run.html.');
      }
      if (argument === '--report') index += 1;
      path = value;
      continue;
    }
    rest.push(argument);
  }
  if (path !== undefined && !path.toLowerCase().endsWith('.html')) {
    throw new ConfigError(`--report writes HTML; give it a file name ending in .html (received "${path}").`);
  }
  return {
    reportPath: path === undefined ? undefined : isAbsolute(path) ? path : resolve(baseDirectory, path),
    argv: rest,
  };
}
