import type { Decimal } from 'decimal.js';
import { ZERO } from '../model/decimal.js';
import type { ClientOrderId, OrderId, ProductId } from '../model/ids.js';
import type { Order } from '../model/order.js';
import { isWorking } from '../model/order-state.js';
import type { Side } from '../model/product-rules.js';

/**
 * Where the order manager finds its orders: by client order id, by exchange id, the working ones,
 * and a bounded tail of finished ones (kept for late reports and fills, then forgotten).
 */
export class OrderRegistry {
  readonly #orders = new Map<ClientOrderId, Order>();
  readonly #byOrderId = new Map<OrderId, Order>();
  readonly #working = new Set<Order>();
  /** Remaining size of the working orders per product and side, kept as orders change. */
  readonly #pending = new Map<string, Decimal>();
  /** What each working order adds to {@link OrderRegistry.pendingSize} now. */
  readonly #counted = new Map<Order, Decimal>();
  readonly #finished: Order[] = [];
  readonly #finishedOrdersKept: number;
  readonly #forgotten: (order: Order) => void;

  /** `forgotten` hears of every finished order dropped from memory. */
  constructor(finishedOrdersKept: number, forgotten: (order: Order) => void) {
    this.#finishedOrdersKept = finishedOrdersKept;
    this.#forgotten = forgotten;
  }

  /** Starts tracking an order (indexed by its exchange id too, when it has one). */
  add(order: Order): void {
    this.#orders.set(order.clientOrderId, order);
    if (order.orderId !== undefined) this.#byOrderId.set(order.orderId, order);
  }

  get(clientOrderId: ClientOrderId): Order | undefined {
    return this.#orders.get(clientOrderId);
  }

  byOrderId(orderId: OrderId): Order | undefined {
    return this.#byOrderId.get(orderId);
  }

  /** The tracked order a report or fill is about, if any. */
  find(clientOrderId: ClientOrderId | undefined, orderId: OrderId): Order | undefined {
    return (
      (clientOrderId === undefined ? undefined : this.#orders.get(clientOrderId)) ??
      this.#byOrderId.get(orderId)
    );
  }

  /** Records the exchange id the venue gave the order. */
  setOrderId(order: Order, orderId: OrderId): void {
    order.orderId = orderId;
    this.#byOrderId.set(orderId, order);
  }

  /** Orders that may still trade: submitted, open, partially filled, pending cancel. */
  working(): ReadonlySet<Order> {
    return this.#working;
  }

  /** Every order still in memory (working and recently finished). */
  all(): IterableIterator<Order> {
    return this.#orders.values();
  }

  /**
   * The remaining size of the working orders of one product and side, in constant time (the risk
   * gates' projected position reads it before every order).
   */
  pendingSize(productId: ProductId, side: Side): Decimal {
    return this.#pending.get(pendingKey(productId, side)) ?? ZERO;
  }

  /** Call after a working order's remaining size changed (a fill, a resize) without a move. */
  recount(order: Order): void {
    const before = this.#counted.get(order) ?? ZERO;
    const now = this.#working.has(order) ? (order.remainingSize ?? ZERO) : ZERO;
    if (now.isZero()) this.#counted.delete(order);
    else this.#counted.set(order, now);
    if (now.equals(before)) return;
    const key = pendingKey(order.productId, order.side);
    this.#pending.set(key, (this.#pending.get(key) ?? ZERO).minus(before).plus(now));
  }

  /** Files the order as working or finished, by its status now. */
  file(order: Order): void {
    if (isWorking(order.status)) {
      this.#working.add(order);
      this.recount(order);
      return;
    }
    this.#working.delete(order);
    this.recount(order);
    this.#finished.push(order);
    while (this.#finished.length > this.#finishedOrdersKept) {
      const forgotten = this.#finished.shift() as Order;
      this.#orders.delete(forgotten.clientOrderId);
      if (forgotten.orderId !== undefined) this.#byOrderId.delete(forgotten.orderId);
      this.#forgotten(forgotten);
    }
  }

  /** A finished order is working again (revived): out of the finished tail, into the working set. */
  reopen(order: Order): void {
    const finishedAt = this.#finished.indexOf(order);
    if (finishedAt >= 0) this.#finished.splice(finishedAt, 1);
    this.#working.add(order);
    this.recount(order);
  }
}

function pendingKey(productId: ProductId, side: Side): string {
  return `${side} ${productId}`;
}
