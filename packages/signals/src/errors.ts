import { TradeloopError, type TradeloopErrorOptions } from '@tradeloop/errors';

/** Base class of every error thrown by `@tradeloop/signals`. */
export class SignalsError extends TradeloopError {}

/**
 * A signal's body is not what the intake accepts. `field` names the first bad field (`size`,
 * `strategy.order.action`, `body` for a body that is not a JSON object); the message says what was
 * expected and what was received, never the value of `secret`.
 */
export class InvalidSignalError extends SignalsError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('invalid_signal', `${field}: ${message}`);
    this.field = field;
  }
}

/** The webhook source was configured in a way that would be unsafe or cannot work. */
export class SignalsConfigError extends SignalsError {
  readonly option: string;
  constructor(option: string, message: string, options?: TradeloopErrorOptions) {
    super('signals_config', `${option}: ${message}`, options);
    this.option = option;
  }
}

/** The store of seen signal ids could not be read or written. */
export class SignalStoreError extends SignalsError {
  constructor(path: string, message: string, options?: TradeloopErrorOptions) {
    super('signal_store_failed', `signal store ${path}: ${message}`, options);
  }
}
