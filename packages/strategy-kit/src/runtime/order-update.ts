import type { OrderView } from '../model/order.js';
import type { OrderStatus } from '../model/order-state.js';
import type { DenialReason } from '../risk/gates.js';

/** A status change of one of the strategy's orders, as `onOrderUpdate` receives it. */
export interface OrderUpdate {
  /** The order (a live view: it may have moved on since this change). */
  readonly order: OrderView;
  /** The status this update is about. */
  readonly status: OrderStatus;
  readonly previousStatus: OrderStatus;
  /** Set when the runtime refused to send the order (risk gate, sizing, kill switch). */
  readonly denial?: { readonly reason: DenialReason; readonly message: string };
}
