/**
 * How the bot ends when it cannot run: one line on stderr and an exit status. A user's mistake
 * ({@link ConfigError}) is one sentence with no stack trace; anything else is a bug or an outage,
 * shown with its code, and with its stack only when TRADELOOP_DEBUG is set.
 */
import { TradeloopError } from '@tradeloop/errors';
import { ConfigError } from './config-error.js';

/** Exit status for a configuration mistake (the convention for command-line usage errors). */
export const CONFIGURATION_EXIT_CODE = 2;
/** Exit status for any other failure. */
export const FAILURE_EXIT_CODE = 1;

/** What to print and how to exit. */
export interface FailureReport {
  text: string;
  exitCode: number;
}

/** Describes why the bot could not run. */
export function reportFailure(error: unknown, options: { debug: boolean }): FailureReport {
  if (ConfigError.isInstance(error)) {
    return { text: `example-bot: ${error.message}`, exitCode: CONFIGURATION_EXIT_CODE };
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = TradeloopError.isInstance(error) ? ` [${error.code}]` : '';
  const detail =
    options.debug && error instanceof Error && error.stack !== undefined
      ? `\n${error.stack}`
      : ' (set TRADELOOP_DEBUG=1 to see where it happened)';
  return {
    text: `example-bot: stopped by an unexpected error${code}: ${message}${detail}`,
    exitCode: FAILURE_EXIT_CODE,
  };
}
