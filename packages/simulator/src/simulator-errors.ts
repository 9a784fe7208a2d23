import { TradeloopError } from '@tradeloop/errors';

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
