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

/**
 * A fill cursor this venue did not hand out: the Exchange venue's encode a trade id in digits,
 * the Advanced Trade venue's a fill time and the fills seen at it (`at1.` + base64url).
 */
export class InvalidFillCursorError extends CoinbaseVenueError {
  readonly cursor: string;
  constructor(cursor: string, expected = 'a trade id in decimal digits') {
    super(
      'invalid_fill_cursor',
      `expected a fill cursor from this venue (${expected}), received ${JSON.stringify(cursor)}`,
    );
    this.cursor = cursor;
  }
}

/**
 * An order request the Advanced Trade venue cannot express (e.g. a stop-market order: Advanced
 * Trade has stop-limit orders only). Nothing was sent.
 */
export class UnsupportedOrderError extends CoinbaseVenueError {
  readonly clientOrderId: string;
  constructor(clientOrderId: string, expected: string, received: string) {
    super(
      'unsupported_order',
      `order ${clientOrderId}: expected ${expected}, received ${received}; nothing was sent`,
    );
    this.clientOrderId = clientOrderId;
  }
}

/**
 * `createAdvancedTradeVenue` was given a key but not all three hosts. Advanced Trade has no
 * trading sandbox, so a default host would be real money.
 */
export class AdvancedTradeEnvironmentRequiredError extends CoinbaseVenueError {
  constructor(received: string) {
    super(
      'environment_required',
      `expected restUrl, wsUrl and userWsUrl, received ${received}; pass ...advancedTradeProductionHosts (real money: Advanced Trade has no trading sandbox), or the simulator's advancedTrade.restUrl, wsUrl and userWsUrl for tests`,
    );
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
