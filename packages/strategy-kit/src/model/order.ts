import type { Decimal } from 'decimal.js';
import { IllegalOrderTransitionError, OrderOverfillError } from '../errors.js';
import { ZERO } from './decimal.js';
import type { ClientOrderId, OrderId, ProductId } from './ids.js';
import {
  canTransition,
  isTerminal,
  type OrderStatus,
  type OrderTransitionCause,
  statusAfterRefusedCancel,
} from './order-state.js';
import type { OrderType, Side } from './product-rules.js';
import type { Fill } from './reports.js';

/** How long an order lives (`time_in_force`). */
export type TimeInForce = 'GTC' | 'GTT' | 'IOC' | 'FOK';

/** An order exactly as it will be sent: quantized, validated, with its client id. */
export interface OrderRequest {
  readonly clientOrderId: ClientOrderId;
  readonly productId: ProductId;
  readonly side: Side;
  readonly type: OrderType;
  /** Base size (limit, stop, market by size). */
  readonly size?: Decimal;
  /** Quote amount (market by funds). */
  readonly funds?: Decimal;
  /** Limit price (limit; the limit price after a stop triggers). */
  readonly price?: Decimal;
  /** Trigger price (stop). */
  readonly stopPrice?: Decimal;
  readonly timeInForce?: TimeInForce;
  /** With `timeInForce: 'GTT'`. */
  readonly cancelAfter?: 'min' | 'hour' | 'day';
  readonly postOnly?: boolean;
}

/** Who started tracking the order. */
export type OrderOrigin = 'strategy' | 'adopted' | 'journal';

/** A read-only view of a tracked order (live: it reflects later changes). */
export interface OrderView {
  readonly clientOrderId: ClientOrderId;
  readonly orderId: OrderId | undefined;
  readonly request: OrderRequest;
  readonly productId: ProductId;
  readonly side: Side;
  readonly status: OrderStatus;
  readonly filledSize: Decimal;
  /** Σ price × size of the fills. */
  readonly executedValue: Decimal;
  readonly fees: Decimal;
  /** Size the venue took off the order without a fill (self-trade prevention). */
  readonly canceledSize: Decimal;
  /** Size still to fill, when the order has a size. */
  readonly remainingSize: Decimal | undefined;
  readonly averageFillPrice: Decimal | undefined;
  readonly fills: readonly Fill[];
  readonly rejectReason: string | undefined;
  readonly origin: OrderOrigin;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * An order tracked by client order id. Status changes go through {@link Order.transition}, which
 * throws on an illegal move; fills go through {@link Order.applyFill}, which ignores a trade id
 * it has already counted, so the feed and REST may both report a fill.
 */
export class Order implements OrderView {
  readonly clientOrderId: ClientOrderId;
  readonly request: OrderRequest;
  readonly origin: OrderOrigin;
  readonly createdAt: number;
  orderId: OrderId | undefined;
  #status: OrderStatus = 'created';
  filledSize: Decimal = ZERO;
  executedValue: Decimal = ZERO;
  fees: Decimal = ZERO;
  canceledSize: Decimal = ZERO;
  rejectReason: string | undefined;
  updatedAt: number;
  readonly fills: Fill[] = [];
  /** Status before a cancel was sent, to return to if the venue refuses the cancel. */
  #beforeCancel: OrderStatus | undefined;
  readonly #tradeIds = new Set<string>();

  constructor(request: OrderRequest, createdAt: number, origin: OrderOrigin = 'strategy') {
    this.clientOrderId = request.clientOrderId;
    this.request = request;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
    this.origin = origin;
  }

  /** Changed only by {@link Order.transition}, as the table in `order-state.ts` allows. */
  get status(): OrderStatus {
    return this.#status;
  }

  get productId(): ProductId {
    return this.request.productId;
  }

  get side(): Side {
    return this.request.side;
  }

  /** The size the order can fill in all: the requested size less what the venue took off. */
  get size(): Decimal | undefined {
    return this.request.size?.minus(this.canceledSize);
  }

  get remainingSize(): Decimal | undefined {
    return this.size?.minus(this.filledSize);
  }

  /**
   * The venue shrank the order's remaining size from `oldSize` to `newSize` without a fill (STP).
   * Kept as the size taken off, so fills seen before or after the change count the same.
   * @returns false when nothing was taken off (a repeated or growing change).
   */
  shrink(oldSize: Decimal, newSize: Decimal, at: number): boolean {
    const remaining = this.remainingSize;
    const takenOff = oldSize.minus(newSize);
    if (remaining === undefined || !takenOff.greaterThan(0)) return false;
    this.canceledSize = this.canceledSize.plus(takenOff.greaterThan(remaining) ? remaining : takenOff);
    this.updatedAt = at;
    return true;
  }

  get averageFillPrice(): Decimal | undefined {
    return this.filledSize.isZero() ? undefined : this.executedValue.div(this.filledSize);
  }

  get isTerminal(): boolean {
    return isTerminal(this.status);
  }

  /**
   * Moves to `to`, for `cause` (default the normal life). Moving to the current status is a no-op.
   * @throws IllegalOrderTransitionError when the order-state table does not connect the two for that cause.
   */
  transition(to: OrderStatus, at: number, cause: OrderTransitionCause = 'lifecycle'): void {
    if (to === this.status) return;
    if (!canTransition(this.status, to, cause))
      throw new IllegalOrderTransitionError(this.clientOrderId, this.status, to);
    if (to === 'pending_cancel') this.#beforeCancel = this.status;
    this.#status = to;
    this.updatedAt = at;
  }

  /** The venue refused a cancel: back to where the order was (or to what its fills say). */
  cancelRefused(at: number): void {
    if (this.status !== 'pending_cancel') return;
    this.transition(
      statusAfterRefusedCancel(this.#beforeCancel, !this.filledSize.isZero()),
      at,
      'cancel_refused',
    );
  }

  /**
   * The venue knows the order after all: it was given up as never received (`rejected`,
   * `not_found`) and then turned up. Back to `submitted`, so reports and fills move it on.
   */
  foundAfterAll(at: number): void {
    if (this.status !== 'rejected') return;
    this.transition('submitted', at, 'revived');
    this.rejectReason = undefined;
  }

  /** True when this trade id has been counted already. */
  hasFill(tradeId: string): boolean {
    return this.#tradeIds.has(tradeId);
  }

  /**
   * Counts a fill once. A fill after the order is final (the venue's "done" overtook a fill on
   * another path) is still counted, without a status change.
   *
   * @returns false when the trade id was counted already (nothing changes).
   * @throws OrderOverfillError when the fills would exceed the order's size.
   */
  applyFill(fill: Fill): boolean {
    if (this.#tradeIds.has(fill.tradeId)) return false;
    const filled = this.filledSize.plus(fill.size);
    const size = this.size;
    if (size !== undefined && filled.greaterThan(size))
      throw new OrderOverfillError(this.clientOrderId, size.toFixed(), filled.toFixed());
    this.#tradeIds.add(fill.tradeId);
    this.fills.push(fill);
    this.filledSize = filled;
    this.executedValue = this.executedValue.plus(fill.price.times(fill.size));
    this.fees = this.fees.plus(fill.fee);
    this.updatedAt = Math.max(this.updatedAt, fill.time);
    if (this.isTerminal || this.status === 'created') return true;
    const complete = size !== undefined && filled.equals(size);
    if (complete) this.transition('filled', fill.time);
    else if (this.status !== 'pending_cancel') this.transition('partially_filled', fill.time);
    return true;
  }

  /**
   * Takes over an order found working on the venue: what it filled before is counted in
   * `filledSize` (so it cannot be overfilled) but not in `fills`, `executedValue` or `fees`,
   * because those fills happened before the bot tracked it.
   */
  static adopted(request: OrderRequest, createdAt: number, filledBefore: Decimal): Order {
    const order = new Order(request, createdAt, 'adopted');
    order.filledSize = filledBefore;
    order.transition(filledBefore.isZero() ? 'open' : 'partially_filled', createdAt, 'adopted');
    return order;
  }

  /** An order rebuilt from the journal: `submitted` until its journaled fills and final status say more. */
  static restored(request: OrderRequest, createdAt: number): Order {
    const order = new Order(request, createdAt, 'journal');
    order.transition('submitted', createdAt, 'restored');
    return order;
  }

  /** A frozen copy, for logs and journals that must not change later. */
  snapshot(): OrderView {
    return Object.freeze({
      clientOrderId: this.clientOrderId,
      orderId: this.orderId,
      request: this.request,
      productId: this.productId,
      side: this.side,
      status: this.status,
      filledSize: this.filledSize,
      executedValue: this.executedValue,
      fees: this.fees,
      canceledSize: this.canceledSize,
      remainingSize: this.remainingSize,
      averageFillPrice: this.averageFillPrice,
      fills: [...this.fills],
      rejectReason: this.rejectReason,
      origin: this.origin,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
    });
  }
}
