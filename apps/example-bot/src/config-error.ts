import { TradeloopError } from '@tradeloop/errors';

/**
 * A mistake the person starting the bot can fix: a bad flag or environment value, an unknown
 * product, credentials the exchange refuses. The message is one sentence saying what is wrong and
 * how to fix it; the bot prints it alone (no stack trace) and exits with status 2.
 */
export class ConfigError extends TradeloopError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('invalid_configuration', message, options);
  }
}
