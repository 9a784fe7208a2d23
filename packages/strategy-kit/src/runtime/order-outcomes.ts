import type { Order } from '../model/order.js';
import type { OrderStatus } from '../model/order-state.js';
import type { Denial } from '../risk/gates.js';

/** What a status change of one of our orders means for the runtime's events. */
export type OrderOutcome = 'denied' | 'submitted' | 'canceled' | 'rejected' | 'filled' | 'revived' | 'other';

/**
 * The runtime's tally of what became of its orders (for snapshots), and the risk-gate denials
 * waiting for their order's `created → rejected` move to be reported with a reason.
 */
export class OrderOutcomes {
  readonly counts = { submitted: 0, filled: 0, canceled: 0, rejected: 0, denied: 0 };
  fills = 0;
  readonly #denials = new Map<Order, Denial>();

  /** The order is about to be refused before sending, for this reason. */
  denying(order: Order, denial: Denial): void {
    this.#denials.set(order, denial);
  }

  /** Counts a status change; a denial comes back with its reason. */
  statusChanged(
    order: Order,
    previous: OrderStatus,
    status: OrderStatus,
  ): { outcome: OrderOutcome; denial: Denial | undefined } {
    const denial = previous === 'created' && status === 'rejected' ? this.#denials.get(order) : undefined;
    if (denial !== undefined) {
      this.#denials.delete(order);
      this.counts.denied += 1;
      return { outcome: 'denied', denial };
    }
    let outcome: OrderOutcome = 'other';
    if (status === 'submitted' && previous === 'rejected') {
      // Given up as `not_found`, then seen on the venue after all: no longer a rejection.
      this.counts.rejected -= 1;
      outcome = 'revived';
    } else if (
      status === 'submitted' ||
      status === 'canceled' ||
      status === 'rejected' ||
      status === 'filled'
    ) {
      this.counts[status] += 1;
      outcome = status;
    }
    return { outcome, denial: undefined };
  }
}
