import type { OrderId } from '../model/ids.js';
import type { Fill } from '../model/reports.js';

/** Fills of orders whose exchange id is not known yet wait here, a bounded number of orders. */
const parkedOrdersKept = 1000;

/**
 * Fills that arrived before their order's exchange id was known (a feed fill can overtake the
 * placement's answer, or the order was given up as `not_found` and may still turn up). They are
 * counted when the id is learned; the oldest are dropped past a bound.
 */
export class ParkedFills {
  readonly #fills = new Map<OrderId, Fill[]>();

  park(fill: Fill): void {
    if (!this.#fills.has(fill.orderId) && this.#fills.size >= parkedOrdersKept) {
      const oldest = this.#fills.keys().next().value;
      if (oldest !== undefined) this.#fills.delete(oldest);
    }
    const list = this.#fills.get(fill.orderId) ?? [];
    list.push(fill);
    this.#fills.set(fill.orderId, list);
  }

  /** The fills parked for an exchange id, removed from the lot (empty when none). */
  take(orderId: OrderId): Fill[] {
    const fills = this.#fills.get(orderId) ?? [];
    this.#fills.delete(orderId);
    return fills;
  }
}
