/**
 * The commands beside `start` that `main.ts` also answers to (`node src/main.ts backtest …`),
 * each loaded only when asked for. The package scripts (`backtest`, `data`, `record`, `report`)
 * run the same modules directly.
 */
import { runBacktestCommand } from './backtest.js';

/** The names `main.ts` dispatches on. */
export const SUBCOMMANDS = ['backtest', 'data', 'record', 'report'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

/** The subcommand `argv` starts with (after a leading `--`), if any. */
export function subcommandOf(argv: readonly string[]): { name: Subcommand; rest: string[] } | undefined {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const name = args[0];
  if (name === undefined || !(SUBCOMMANDS as readonly string[]).includes(name)) return undefined;
  return { name: name as Subcommand, rest: args.slice(1) };
}

/** Runs a subcommand to its end; resolves with the exit status. */
export async function runSubcommand(
  name: Subcommand,
  argv: readonly string[],
  baseDirectory: string,
  signal: AbortSignal,
): Promise<number> {
  switch (name) {
    case 'backtest':
      return runBacktestCommand(argv, baseDirectory);
    case 'data':
      return (await import('./data.js')).runDataCommand(argv, baseDirectory, undefined, signal);
    case 'record':
      return (await import('./record.js')).runRecordCommand(argv, baseDirectory, process.env, signal);
    case 'report': {
      const outcome = await (await import('./report.js')).runReportCommand(argv, baseDirectory);
      (outcome.exitCode === 0 ? process.stdout : process.stderr).write(`${outcome.message}\n`);
      return outcome.exitCode;
    }
  }
}
