/**
 * `--report <file.html>` (env `TRADELOOP_REPORT`) on `start`: where to write the run's HTML report
 * at exit. Read here, before the rest of the command line, so the option lives beside the report
 * code; relative paths are resolved against the directory the user ran the command in.
 */
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../config-error.js';

/** The help text's line for the option. */
export const REPORT_OPTION_HELP =
  '  --report <file.html>     write an HTML report of the run at exit (env TRADELOOP_REPORT)';

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
