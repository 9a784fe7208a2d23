import { TradeloopError, type TradeloopErrorOptions } from '@tradeloop/errors';

/** Base class of every error thrown by `@tradeloop/coinbase` itself (REST and feed errors keep their own classes). */
export class CoinbaseVenueError extends TradeloopError {}

/** A URL that should name a Coinbase host (or a loopback/custom one) cannot be used. */
export class InvalidEndpointError extends CoinbaseVenueError {
  /** The URL as received. */
  readonly url: string;
  constructor(url: string, expected: string, options?: TradeloopErrorOptions) {
    super('invalid_endpoint', `expected ${expected}, received ${JSON.stringify(url)}`, options);
    this.url = url;
  }
}

/** A fill cursor the Coinbase Exchange venue did not hand out (it encodes a trade id in digits). */
export class InvalidFillCursorError extends CoinbaseVenueError {
  readonly cursor: string;
  constructor(cursor: string) {
    super(
      'invalid_fill_cursor',
      `expected a fill cursor from this venue (a trade id in decimal digits), received ${JSON.stringify(cursor)}`,
    );
    this.cursor = cursor;
  }
}

/**
 * `createCoinbaseVenue` was given credentials but not where to trade: neither `sandbox: true` nor
 * both `restUrl` and `feedUrl`. A key alone must not reach real money by default.
 */
export class VenueEnvironmentRequiredError extends CoinbaseVenueError {
  constructor(received: string) {
    super(
      'environment_required',
      `expected where to trade, received ${received}; pass sandbox: true for Coinbase's public sandbox, or both restUrl and feedUrl: coinbaseEndpoints.exchange.production for real money, the simulator's restUrl and wsUrl for tests`,
    );
  }
}
