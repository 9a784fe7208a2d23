import { Decimal } from 'decimal.js';
import type { UserOrder } from './messages.js';

/**
 * A fill derived from the change of an order's running totals on the `user` channel (Coinbase
 * sends no per-fill messages). Amounts are decimal strings: `size` from `cumulative_quantity`,
 * `price` = Δ`filled_value` / Δ`cumulative_quantity` (an average when several trades were folded
 * into one update), `fee` from `total_fees`.
 */
export interface DerivedFill {
  orderId: string;
  clientOrderId: string;
  productId: string;
  side: 'BUY' | 'SELL';
  size: string;
  price: string;
  /** Quote value of this fill (Δ`filled_value`). */
  value: string;
  fee: string;
  /** Running totals after this fill. */
  cumulativeQuantity: string;
  totalFees: string;
  /** The order's status in the message the fill was derived from. */
  status: string;
}

interface OrderTotals {
  quantity: Decimal;
  value: Decimal;
  fees: Decimal;
}

const TERMINAL = new Set(['FILLED', 'CANCELLED', 'EXPIRED', 'FAILED']);

/**
 * Turns `user` messages into fills, each exactly once. It remembers every order's last totals
 * (across reconnects: keep one deriver per account, not per connection):
 * - an order first seen in a **snapshot** only sets the baseline — what it filled before this
 *   feed watched it is history, not a new fill (no phantom fills on (re)connect);
 * - an order first seen in an **update** starts from zero (it was placed while we listened);
 * - after that, any increase of the totals (snapshot or update) is one fill of the difference, so
 *   a fill that happened while the connection was down is derived once, from the next snapshot;
 * - totals that go down or do not move derive nothing (a replayed or reordered message).
 * Terminal orders are forgotten after their last message, so memory follows open orders.
 */
export class FillDeriver {
  readonly #orders = new Map<string, OrderTotals>();

  /** Number of orders whose totals are remembered. */
  get tracked(): number {
    return this.#orders.size;
  }

  /** The fill an order's new totals imply, if any. @throws {Error} from decimal.js on a malformed amount. */
  observe(order: UserOrder, fromSnapshot: boolean): DerivedFill | undefined {
    const next: OrderTotals = {
      quantity: new Decimal(order.cumulative_quantity || '0'),
      value: new Decimal(order.filled_value || '0'),
      fees: new Decimal(order.total_fees || '0'),
    };
    const previous = this.#orders.get(order.order_id);
    if (TERMINAL.has(order.status)) this.#orders.delete(order.order_id);
    else this.#orders.set(order.order_id, maxTotals(previous, next));
    if (previous === undefined && fromSnapshot) return undefined;
    const before = previous ?? { quantity: new Decimal(0), value: new Decimal(0), fees: new Decimal(0) };
    const size = next.quantity.minus(before.quantity);
    if (!size.gt(0)) return undefined;
    const value = Decimal.max(0, next.value.minus(before.value));
    const fee = Decimal.max(0, next.fees.minus(before.fees));
    return {
      orderId: order.order_id,
      clientOrderId: order.client_order_id,
      productId: order.product_id,
      side: order.order_side,
      size: size.toFixed(),
      price: value.div(size).toFixed(),
      value: value.toFixed(),
      fee: fee.toFixed(),
      cumulativeQuantity: next.quantity.toFixed(),
      totalFees: next.fees.toFixed(),
      status: order.status,
    };
  }
}

/** Totals never go back: a stale message must not make the next one count twice. */
function maxTotals(previous: OrderTotals | undefined, next: OrderTotals): OrderTotals {
  if (previous === undefined) return next;
  return next.quantity.gte(previous.quantity) ? next : previous;
}
