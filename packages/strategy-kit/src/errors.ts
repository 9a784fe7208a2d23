import { TradeloopError, type TradeloopErrorOptions } from '@tradeloop/errors';

/** Base class of every error thrown by `@tradeloop/strategy-kit`. */
export class StrategyKitError extends TradeloopError {}

/** A value meant to be a decimal (price, size, funds, fee, balance) is not one. */
export class InvalidDecimalError extends StrategyKitError {
  /** The field at fault, e.g. `price`. */
  readonly field: string;
  constructor(field: string, received: string, options?: TradeloopErrorOptions) {
    super(
      'invalid_decimal',
      `${field}: expected a decimal string or Decimal (never a JS number), received ${received}`,
      options,
    );
    this.field = field;
  }
}

/** An argument outside its allowed range (a negative price, a fraction above 1, a zero stop distance). */
export class InvalidArgumentError extends StrategyKitError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('invalid_argument', `${field}: ${message}`);
    this.field = field;
  }
}

/** A `/products` object is missing a field or carries one of the wrong shape. */
export class InvalidProductError extends StrategyKitError {
  constructor(message: string, options?: TradeloopErrorOptions) {
    super('invalid_product', message, options);
  }
}

/** Base of the typed failures of the sizing helpers. */
export class SizingError extends StrategyKitError {}

/** The value would be under the product's minimum (`min_market_funds` notional). */
export class BelowMinimumError extends SizingError {
  /** The notional (quote amount) the order would have. */
  readonly notional: string;
  /** The product's minimum notional. */
  readonly minimum: string;
  constructor(productId: string, notional: string, minimum: string) {
    super(
      'below_minimum',
      `${productId}: expected a notional of at least ${minimum} (min_market_funds), received ${notional}; raise the amount`,
    );
    this.notional = notional;
    this.minimum = minimum;
  }
}

/** The value is positive, but smaller than one increment, so it rounds down to zero. */
export class RoundsToZeroError extends SizingError {
  constructor(productId: string, field: string, value: string, increment: string) {
    super(
      'rounds_to_zero',
      `${productId}: expected a ${field} of at least one increment (${increment}), received ${value}, which rounds down to 0`,
    );
  }
}

/** The value would need more than the available balance. */
export class ExceedsAvailableError extends SizingError {
  readonly needed: string;
  readonly available: string;
  constructor(productId: string, currency: string, needed: string, available: string) {
    super(
      'exceeds_available',
      `${productId}: expected at most the available ${available} ${currency}, the order needs ${needed} ${currency}`,
    );
    this.needed = needed;
    this.available = available;
  }
}

/** The product does not accept this kind of order now (offline, cancel-only, limit-only, post-only, disabled). */
export class ProductNotTradableError extends SizingError {
  /** Why, e.g. `cancel_only`, `status offline`. */
  readonly reason: string;
  constructor(productId: string, reason: string) {
    super(
      'product_not_tradable',
      `${productId}: expected a product that accepts this order, it is ${reason}`,
    );
    this.reason = reason;
  }
}

/** An order was asked to move between two states the state machine does not connect: a bug. */
export class IllegalOrderTransitionError extends StrategyKitError {
  readonly from: string;
  readonly to: string;
  constructor(clientOrderId: string, from: string, to: string) {
    super(
      'illegal_order_transition',
      `order ${clientOrderId}: expected a legal transition from ${from}, received ${from} → ${to}`,
    );
    this.from = from;
    this.to = to;
  }
}

/** Fills for an order add up to more than its size: the venue and our records disagree. */
export class OrderOverfillError extends StrategyKitError {
  constructor(clientOrderId: string, size: string, filled: string) {
    super(
      'order_overfill',
      `order ${clientOrderId}: expected fills up to its size ${size}, received ${filled}`,
    );
  }
}

/** A strategy plugin could not be found, imported, or does not export a strategy. */
export class PluginLoadError extends StrategyKitError {
  constructor(specifier: string, message: string, options?: TradeloopErrorOptions) {
    super('plugin_load_failed', `strategy plugin ${specifier}: ${message}`, options);
  }
}

/** Strategy parameters failed validation. */
export class InvalidParamsError extends StrategyKitError {
  constructor(strategy: string, message: string) {
    super('invalid_params', `strategy ${strategy}: ${message}`);
  }
}

/** The journal file could not be read or written. */
export class JournalError extends StrategyKitError {
  constructor(path: string, message: string, options?: TradeloopErrorOptions) {
    super('journal_failed', `journal ${path}: ${message}`, options);
  }
}

/** Another live process holds the journal's lock: two bots on one journal would lose orders. */
export class JournalLockedError extends StrategyKitError {
  readonly path: string;
  /** The process holding the lock. */
  readonly holderPid: number;
  constructor(path: string, holderPid: number) {
    super(
      'journal_locked',
      `journal ${path} is in use by another running process (pid ${holderPid}); stop that process, or give this one its own journal`,
    );
    this.path = path;
    this.holderPid = holderPid;
  }
}

/** The runtime was used in a state that does not allow it (started twice, stopped, ...). */
export class RuntimeStateError extends StrategyKitError {
  constructor(message: string) {
    super('runtime_state', message);
  }
}

/**
 * A venue refused an order for good (the exchange answered 4xx: insufficient funds, post-only
 * would take, size too small). Any other failure of `placeOrder` leaves the order's fate unknown,
 * and reconciliation asks the venue by client order id.
 */
export class VenueRejectedError extends StrategyKitError {
  constructor(message: string, options?: TradeloopErrorOptions) {
    super('venue_rejected', message, options);
  }
}
