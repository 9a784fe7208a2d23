/** Marks every tradeloop error, so recognition survives two copies of this package in one process. */
const tradeloopErrorMarker = Symbol.for('@tradeloop/error');
/** Holds the names of the error's class and all its tradeloop ancestors, for `isInstance` per subclass. */
const errorKindsKey = Symbol.for('@tradeloop/error-kinds');

/** Options every tradeloop error accepts. */
export interface TradeloopErrorOptions {
  /** The lower-level error that caused this one. Never put secret material here. */
  cause?: unknown;
}

/**
 * The one base class for every error thrown by a tradeloop package.
 *
 * - `code` is stable and machine-readable (`snake_case`); messages may be reworded, codes may not.
 * - `cause` chains the lower-level error.
 * - `isInstance` works across duplicate installs and bundles, where `instanceof` does not.
 *
 * @example
 * class InsufficientFundsError extends TradeloopError {
 *   constructor(needed: string, available: string) {
 *     super('insufficient_funds', `needed ${needed}, available ${available}`);
 *   }
 * }
 * if (InsufficientFundsError.isInstance(error)) { ... }
 */
export class TradeloopError extends Error {
  /** A stable, machine-readable identifier of the failure mode, e.g. `invalid_signature`. */
  readonly code: string;
  readonly [tradeloopErrorMarker] = true;
  readonly [errorKindsKey]: readonly string[];

  constructor(code: string, message: string, options: TradeloopErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
    this[errorKindsKey] = kindsOf(new.target);
  }

  /**
   * True when `value` is an error of this class (or a subclass), even when it was created by
   * another copy of the package. Call it on the class you want: `RateLimitError.isInstance(x)`.
   */
  static isInstance<T extends abstract new (...args: never[]) => TradeloopError>(
    this: T,
    value: unknown,
  ): value is InstanceType<T> {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as Record<symbol, unknown>)[tradeloopErrorMarker] !== true) return false;
    const kinds = (value as Record<symbol, unknown>)[errorKindsKey];
    return Array.isArray(kinds) && kinds.includes(this.name);
  }

  /** A plain object with no stack, safe to log as JSON. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

function kindsOf(errorClass: unknown): string[] {
  const kinds: string[] = [];
  let current = errorClass as { name?: string } | null;
  while (current && current !== Error && typeof current === 'function') {
    kinds.push(current.name as string);
    current = Object.getPrototypeOf(current);
  }
  return kinds;
}

/** A short, printable description of a value that never echoes it whole (used in "received ..." texts). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string')
    return value.length === 0 ? 'an empty string' : `a string of ${value.length} characters`;
  return `a ${typeof value}`;
}
