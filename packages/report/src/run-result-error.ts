import { TradeloopError } from '@tradeloop/errors';

/**
 * A run result that is not what the report can render: the first field that is wrong, what it
 * should be, and what it was (described, never echoed whole, so nothing secret leaks into a log).
 *
 * @example
 * try { parseRunResult(text) } catch (error) {
 *   if (RunResultError.isInstance(error)) console.error(error.field, error.expected);
 * }
 */
export class RunResultError extends TradeloopError {
  /** Where the bad value is, e.g. `trades[3].price` (`$` for the whole document). */
  readonly field: string;
  /** What the field should hold, e.g. `a decimal string`. */
  readonly expected: string;
  /** A short description of what it held, e.g. `a number`. */
  readonly received: string;

  constructor(field: string, expected: string, received: string, options: { cause?: unknown } = {}) {
    super('invalid_run_result', `run result: ${field} should be ${expected}, received ${received}`, options);
    this.field = field;
    this.expected = expected;
    this.received = received;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field, expected: this.expected, received: this.received };
  }
}
