import { TradeloopError } from '@tradeloop/errors';

/** The command line asks for something impossible: an unknown flag, a bad package name. */
export class InvalidOptionsError extends TradeloopError {
  constructor(message: string) {
    super('invalid_options', message);
  }
}

/** The target folder already holds files; nothing is written into it. */
export class TargetNotEmptyError extends TradeloopError {
  readonly directory: string;

  constructor(directory: string, entries: readonly string[]) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    super(
      'target_not_empty',
      `expected an empty or new folder, but ${directory} holds ${entries.length} entries (${shown}); choose a new folder name or empty this one`,
    );
    this.directory = directory;
  }
}
