/**
 * The example bot's entry point: `pnpm --filter example-bot start -- [options]`. Its first
 * argument may instead name another command (`backtest`, `data`, `record`, `report`), which then
 * runs (see commands/subcommands.ts); the package has a script for each.
 *
 * Without credentials it starts the simulator in-process and trades against it over loopback;
 * with COINBASE_API_* set it trades on the Coinbase sandbox (production needs COINBASE_ENV and
 * --live). Ctrl-C, SIGTERM or --duration stop it cleanly; a second Ctrl-C stops it at once.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BotEvent } from './bot-events.js';
import { extractReportOption, withReportOptionHelp } from './commands/report-option.js';
import { runSubcommand, subcommandOf } from './commands/subcommands.js';
import { invocationDirectory, parseCommand } from './config.js';
import { reportFailure } from './failure-report.js';
import { ConsoleOutput } from './output/console.js';
import { LiveRunRecorder } from './output/live-run-result.js';
import { finishRun } from './output/run-end.js';
import { SecretScrubber } from './output/secret-scrubber.js';
import { RunRecorder } from './output/summary.js';
import { FileSummarySpool } from './output/summary-spool.js';
import { ShutdownTrigger } from './shutdown.js';

const debug = process.env.TRADELOOP_DEBUG !== undefined && process.env.TRADELOOP_DEBUG !== '';
const now = () => Date.now();
/** The configured secrets; until the configuration is read, those of the environment. */
let scrubber = new SecretScrubber([process.env.COINBASE_API_SECRET, process.env.COINBASE_API_PASSPHRASE]);

/** Everything for stderr goes through the scrubber, like stdout. */
function writeError(text: string): void {
  process.stderr.write(`${scrubber.scrub(text)}\n`);
}

async function main(): Promise<number> {
  const baseDirectory = invocationDirectory();
  const subcommand = subcommandOf(process.argv.slice(2));
  if (subcommand !== undefined) {
    const controller = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
    return runSubcommand(subcommand.name, subcommand.rest, baseDirectory, controller.signal);
  }
  const { reportPath, argv } = extractReportOption(process.argv.slice(2), process.env, baseDirectory);
  const command = parseCommand(argv, process.env, baseDirectory);
  if (command.kind === 'help') {
    process.stdout.write(`${withReportOptionHelp(command.text)}\n`);
    return 0;
  }
  const config = command.config;
  scrubber = config.secrets;
  const output = new ConsoleOutput({
    format: config.logFormat,
    write: (line) => process.stdout.write(`${line}\n`),
    // Lines are built and written after the current task: after the order a trade caused is sent.
    defer: setImmediate,
    now,
    scrubber: config.secrets,
    ...(config.venue.kind === 'paper' ? { mode: 'paper' as const } : {}),
  });
  // Whatever way the process ends, the lines still waiting for their deferred write come out.
  process.on('exit', () => output.flush());
  // Finished orders and fills wait on disk until the summary is written, so memory does not grow
  // with the order count (docs/decisions/0012-bounded-state.md).
  const spoolDirectory = mkdtempSync(join(tmpdir(), 'tradeloop-summary-'));
  const spool = new FileSummarySpool(join(spoolDirectory, 'orders-and-fills.jsonl'));
  const recorder = new RunRecorder({ now, spool });
  const liveRun = new LiveRunRecorder({ now });
  const emit = (event: BotEvent) => {
    recorder.record(event);
    liveRun.record(event);
    output.record(event);
  };
  const shutdown = new ShutdownTrigger({
    signals: process,
    exit: (code) => process.exit(code),
    onImmediateExit: (signal) => writeError(`example-bot: second ${signal}, exiting at once`),
  });
  // A long-running bot reports a stray failure and keeps going; only the orderly stop ends it.
  process.on('unhandledRejection', (reason) =>
    emit({ type: 'error-reported', source: 'unhandled rejection', code: undefined, message: String(reason) }),
  );
  process.on('uncaughtException', (error) => {
    emit({ type: 'error-reported', source: 'uncaught exception', code: undefined, message: error.message });
    shutdown.request('uncaught exception');
  });
  try {
    // Loaded only now, so --help and configuration mistakes answer without loading the trading stack.
    const { runBot } = await import('./bot.js');
    const summary = await runBot({
      config,
      console: output,
      recorder,
      emit,
      shutdown,
      now,
      baseDirectory,
      debug,
    });
    await finishRun({ summary, config, reportPath, liveRun, output });
  } finally {
    shutdown.dispose();
    spool.dispose();
    rmSync(spoolDirectory, { recursive: true, force: true });
  }
  return 0;
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
    // Nothing the bot started should keep the process up after the summary; make sure of it.
    setTimeout(() => process.exit(exitCode), 2000).unref();
  },
  (error: unknown) => {
    const report = reportFailure(error, { debug });
    writeError(report.text);
    process.exit(report.exitCode);
  },
);
