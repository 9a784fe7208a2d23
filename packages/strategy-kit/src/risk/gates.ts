import type { Decimal } from 'decimal.js';
import { InvalidArgumentError } from '../errors.js';
import { type DecimalInput, toPositiveDecimal, ZERO } from '../model/decimal.js';
import type { ProductId } from '../model/ids.js';
import type { OrderRequest, OrderView } from '../model/order.js';
import { type ProductRules, untradableReason } from '../model/product-rules.js';

/** Pre-trade limits; every one is optional. Amounts in quote currency are per order's product quote. */
export interface RiskLimits {
  /** Largest notional of one order (price × size, or funds), in its quote currency. */
  maxOrderNotional?: DecimalInput;
  /**
   * Largest absolute position in base currency, counting working orders on the same side as if
   * filled. One value for every product, or one per product id.
   */
  maxPositionSize?: DecimalInput | Readonly<Record<string, DecimalInput>>;
  /** Most working orders at once (all products). */
  maxOpenOrders?: number;
  /** Most orders sent within a sliding window. */
  maxOrdersPerWindow?: { count: number; windowMs: number };
  /**
   * When today's net PnL (realized + unrealized − fees, UTC day) in a quote currency falls to
   * −limit or below, only orders that reduce a position are allowed.
   */
  dailyLossLimit?: DecimalInput;
}

/** Why an order was not sent. Stable: branch on it. */
export type DenialReason =
  | 'kill_switch'
  | 'strategy_halted'
  | 'unknown_product'
  | 'product_not_tradable'
  | 'rounds_to_zero'
  | 'below_minimum'
  | 'max_order_notional'
  | 'max_position'
  | 'max_open_orders'
  | 'order_rate'
  | 'daily_loss_limit'
  | 'no_reference_price'
  /** The journal could not take the order's record (a full disk): an order not journaled is not sent. */
  | 'journal_failed';

/** A refused order: a stable reason and a sentence for humans. */
export interface Denial {
  readonly reason: DenialReason;
  readonly message: string;
}

/** What the gates read about the world; the runtime provides it. */
export interface RiskView {
  now(): number;
  rules(productId: ProductId): ProductRules;
  /** A price to value market orders at (best ask for a buy, best bid for a sell, else the last trade). */
  referencePrice(productId: ProductId, side: 'buy' | 'sell'): Decimal | undefined;
  /** Signed position size in base currency. */
  positionSize(productId: ProductId): Decimal;
  workingOrders(): Iterable<OrderView>;
  /**
   * The remaining size of the working orders of one product and side. Optional: the runtime keeps
   * it as orders change (constant time); without it the gates add up `workingOrders()`.
   */
  pendingSize?(productId: ProductId, side: 'buy' | 'sell'): Decimal;
  /** Today's net PnL in a quote currency. */
  dailyPnl(quoteCurrency: string): Decimal;
}

/**
 * The pre-trade checks in front of every order. `check` returns a {@link Denial} or `undefined`;
 * `recordSent` feeds the order-rate window. Product status is always checked; the rest only when
 * configured.
 *
 * @example
 * const gates = new RiskGates({ maxOrderNotional: '1000', maxOpenOrders: 10 });
 * const denial = gates.check(request, view); // { reason: 'max_order_notional', message: '…' }
 */
export class RiskGates {
  readonly #maxOrderNotional: Decimal | undefined;
  readonly #maxPositionSize: Decimal | ReadonlyMap<string, Decimal> | undefined;
  readonly #maxOpenOrders: number | undefined;
  readonly #rate: { count: number; windowMs: number } | undefined;
  /** −dailyLossLimit: today's PnL at or below it allows only reducing orders. */
  readonly #dailyLossFloor: Decimal | undefined;
  readonly #sentAt: number[] = [];

  /** @throws InvalidArgumentError for a limit that is not positive. */
  constructor(limits: RiskLimits = {}) {
    this.#maxOrderNotional =
      limits.maxOrderNotional === undefined
        ? undefined
        : toPositiveDecimal(limits.maxOrderNotional, 'maxOrderNotional');
    const position = limits.maxPositionSize;
    this.#maxPositionSize =
      position === undefined
        ? undefined
        : typeof position === 'string' || !isRecord(position)
          ? toPositiveDecimal(position as DecimalInput, 'maxPositionSize')
          : new Map(
              Object.entries(position).map(([id, value]) => [
                id,
                toPositiveDecimal(value, `maxPositionSize.${id}`),
              ]),
            );
    if (
      limits.maxOpenOrders !== undefined &&
      !(Number.isInteger(limits.maxOpenOrders) && limits.maxOpenOrders > 0)
    )
      throw new InvalidArgumentError(
        'maxOpenOrders',
        `expected a positive integer, received ${limits.maxOpenOrders}`,
      );
    this.#maxOpenOrders = limits.maxOpenOrders;
    const rate = limits.maxOrdersPerWindow;
    if (rate !== undefined && !(Number.isInteger(rate.count) && rate.count > 0 && rate.windowMs > 0))
      throw new InvalidArgumentError(
        'maxOrdersPerWindow',
        'expected a positive integer count and a positive windowMs',
      );
    this.#rate = rate;
    this.#dailyLossFloor =
      limits.dailyLossLimit === undefined
        ? undefined
        : toPositiveDecimal(limits.dailyLossLimit, 'dailyLossLimit').negated();
  }

  /** Checks one order; `undefined` means it may go. */
  check(request: OrderRequest, view: RiskView): Denial | undefined {
    const rules = view.rules(request.productId);
    const untradable = untradableReason(rules, request);
    if (untradable !== undefined)
      return deny(
        'product_not_tradable',
        `${rules.id} does not accept this ${request.type} order now: ${untradable}`,
      );

    const reducing = this.#reducesPosition(request, view);
    const dailyLossFloor = this.#dailyLossFloor;
    if (dailyLossFloor !== undefined && !reducing) {
      const today = view.dailyPnl(rules.quoteCurrency);
      if (today.lessThanOrEqualTo(dailyLossFloor))
        return deny(
          'daily_loss_limit',
          `today's PnL is ${today.toFixed()} ${rules.quoteCurrency}, at or beyond the loss limit −${dailyLossFloor.negated().toFixed()}; only reducing orders are allowed`,
        );
    }

    if (this.#maxOpenOrders !== undefined) {
      let working = 0;
      for (const _ of view.workingOrders()) working += 1;
      if (working >= this.#maxOpenOrders)
        return deny('max_open_orders', `${working} orders are working, the limit is ${this.#maxOpenOrders}`);
    }

    if (this.#rate !== undefined) {
      const since = view.now() - this.#rate.windowMs;
      while (this.#sentAt.length > 0 && (this.#sentAt[0] as number) <= since) this.#sentAt.shift();
      if (this.#sentAt.length >= this.#rate.count)
        return deny(
          'order_rate',
          `${this.#sentAt.length} orders were sent in the last ${this.#rate.windowMs} ms, the limit is ${this.#rate.count}`,
        );
    }

    if (this.#maxOrderNotional !== undefined) {
      const notional = this.#notional(request, view);
      if (notional === undefined)
        return deny(
          'no_reference_price',
          `no price is known yet to value this ${request.type} order on ${rules.id}`,
        );
      if (notional.greaterThan(this.#maxOrderNotional))
        return deny(
          'max_order_notional',
          `order notional ${notional.toFixed()} ${rules.quoteCurrency} is above the limit ${this.#maxOrderNotional.toFixed()}`,
        );
    }

    const maxPosition = this.#maxPositionFor(request.productId);
    if (maxPosition !== undefined && !reducing) {
      const projected = this.#projectedPosition(request, view);
      if (projected === undefined)
        return deny('no_reference_price', `no price is known yet to size this funds order on ${rules.id}`);
      if (projected.abs().greaterThan(maxPosition))
        return deny(
          'max_position',
          `the position in ${rules.id} could reach ${projected.toFixed()} ${rules.baseCurrency}, above the limit ${maxPosition.toFixed()}`,
        );
    }
    return undefined;
  }

  /** Records that an order left for the venue (for the order-rate window). */
  recordSent(at: number): void {
    if (this.#rate !== undefined) this.#sentAt.push(at);
  }

  #maxPositionFor(productId: ProductId): Decimal | undefined {
    const limit = this.#maxPositionSize;
    if (limit === undefined || !(limit instanceof Map)) return limit as Decimal | undefined;
    return limit.get(productId);
  }

  #notional(request: OrderRequest, view: RiskView): Decimal | undefined {
    if (request.funds !== undefined) return request.funds;
    const price = request.price ?? view.referencePrice(request.productId, request.side);
    return price === undefined || request.size === undefined ? undefined : price.times(request.size);
  }

  #baseSize(request: OrderRequest, view: RiskView): Decimal | undefined {
    if (request.size !== undefined) return request.size;
    const price = view.referencePrice(request.productId, request.side);
    return price === undefined || request.funds === undefined ? undefined : request.funds.div(price);
  }

  /** The position if this order and every working order on the same side filled. */
  #projectedPosition(request: OrderRequest, view: RiskView): Decimal | undefined {
    const size = this.#baseSize(request, view);
    if (size === undefined) return undefined;
    let pending = ZERO;
    if (view.pendingSize) pending = view.pendingSize(request.productId, request.side);
    else
      for (const order of view.workingOrders())
        if (order.productId === request.productId && order.side === request.side)
          pending = pending.plus(order.remainingSize ?? ZERO);
    // A buy adds to the position, a sell takes from it; zeros are not added (same values, less
    // Decimal arithmetic before every order).
    const added = pending.isZero() ? size : size.plus(pending);
    const position = view.positionSize(request.productId);
    if (position.isZero()) return request.side === 'buy' ? added : added.negated();
    return request.side === 'buy' ? position.plus(added) : position.minus(added);
  }

  /** True when the order only shrinks the current position (sell while long, buy while short, not past zero). */
  #reducesPosition(request: OrderRequest, view: RiskView): boolean {
    const position = view.positionSize(request.productId);
    if (position.isZero()) return false;
    const opposite = position.isPositive() ? request.side === 'sell' : request.side === 'buy';
    if (!opposite) return false;
    const size = this.#baseSize(request, view);
    return size?.lessThanOrEqualTo(position.abs()) === true;
  }
}

function deny(reason: DenialReason, message: string): Denial {
  return { reason, message };
}

function isRecord(value: unknown): value is Record<string, DecimalInput> {
  return typeof value === 'object' && value !== null && !('toFixed' in value);
}
