import { TradeloopError } from '@tradeloop/errors';
import type { ExchangeEvent } from './exchange/contract.js';

/** Base class of every error thrown by `@tradeloop/simulator`. */
export class SimulatorError extends TradeloopError {}

/**
 * An option given to `startSimulator` (or a CLI flag) is invalid. The message names the option,
 * what was expected and what was received (secrets are described by shape only).
 */
export class InvalidSimulatorOptionError extends SimulatorError {
  /** The option at fault, e.g. `faults.serverErrorRate` or `credentials.apiSecret`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super('invalid_simulator_option', `${option}: ${message}`);
    this.option = option;
  }
}

/**
 * A listener given to `exchange.onEvent` threw. The exchange does not stop for it (the books and
 * balances are already consistent when listeners run): it reports the failure to the
 * `onListenerError` option of `createExchange` and delivers the event to the other listeners.
 */
export class ExchangeListenerError extends SimulatorError {
  /** The event the listener failed on. */
  readonly event: ExchangeEvent;

  constructor(event: ExchangeEvent, cause: unknown) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      'exchange_listener_failed',
      `expected an exchange event listener to return, but it threw on a ${event.kind} event of ${event.productId}: ${reason}`,
      { cause },
    );
    this.event = event;
  }
}
