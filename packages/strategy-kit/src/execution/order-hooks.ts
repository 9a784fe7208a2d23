import type { Order } from '../model/order.js';
import type { OrderStatus } from '../model/order-state.js';
import type { Fill } from '../model/reports.js';

/** Something that happened to one of our orders. */
export type OrderChange =
  | {
      readonly kind: 'status';
      readonly order: Order;
      readonly previous: OrderStatus;
      readonly status: OrderStatus;
    }
  /** The venue acknowledged the order: its exchange id is now known. */
  | { readonly kind: 'accepted'; readonly order: Order }
  | { readonly kind: 'fill'; readonly order: Order; readonly fill: Fill };

/** How the order manager talks back to the runtime. */
export interface OrderManagerHooks {
  /** Runs a task in the runtime's event loop: every venue answer comes back through here. */
  post(task: () => void): void;
  /** Runs a task after `delayMs` on the runtime clock, in the event loop. */
  schedule(delayMs: number, task: () => void): void;
  now(): number;
  changed(change: OrderChange): void;
  failed(error: unknown, context: string): void;
}
