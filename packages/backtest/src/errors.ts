import { TradeloopError, type TradeloopErrorOptions } from '@tradeloop/errors';

/** Base class of every error thrown by `@tradeloop/backtest`. */
export class BacktestError extends TradeloopError {}

/**
 * A candle file (or text) the loader refuses: a bad header, a bad row, unsorted or duplicated
 * times. Carries where (`source`, 1-based `line`, `column` when one field is at fault) so a CLI can
 * print it and exit 2.
 */
export class CandleDataError extends BacktestError {
  /** The file path, or the name given for in-memory text. */
  readonly source: string;
  /** 1-based line number (the header is line 1); 0 when the problem is not one line's. */
  readonly line: number;
  readonly column: string | undefined;
  constructor(source: string, line: number, column: string | undefined, problem: string) {
    super(
      'invalid_candle_data',
      `${source}${line > 0 ? `:${line}` : ''}: ${column === undefined ? '' : `${column}: `}${problem}`,
    );
    this.source = source;
    this.line = line;
    this.column = column;
  }
}

/** A recording (JSON lines) the reader refuses: a bad header, a malformed or out-of-order message. */
export class RecordingFormatError extends BacktestError {
  readonly source: string;
  readonly line: number;
  constructor(source: string, line: number, problem: string, options?: TradeloopErrorOptions) {
    super('invalid_recording', `${source}${line > 0 ? `:${line}` : ''}: ${problem}`, options);
    this.source = source;
    this.line = line;
  }
}

/** Options of a backtest that cannot work together or are malformed (`field` names the option). */
export class BacktestConfigError extends BacktestError {
  readonly field: string;
  constructor(field: string, problem: string) {
    super('invalid_backtest_config', `${field}: ${problem}`);
    this.field = field;
  }
}
