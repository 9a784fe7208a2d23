import type { JournaledOrder } from '../execution/journal.js';
import type { ReconciliationSummary } from '../execution/reconciliation.js';
import type { ProductId } from '../model/ids.js';
import type { OrderView } from '../model/order.js';
import type { OrderStatus } from '../model/order-state.js';
import type { Fill } from '../model/reports.js';
import type { DenialReason } from '../risk/gates.js';
import type { KillSwitchState } from '../risk/kill-switch.js';
import type { SignalFate } from './signals.js';

/**
 * The runtime's typed event stream, for logs, dashboards and summaries (strategies use their
 * handlers instead). Listeners run synchronously inside the event loop: keep them quick and
 * never throw (a throwing listener is reported as `runtime-error`).
 */
export interface RuntimeEvents {
  'runtime-started': [info: { strategy: string; productIds: readonly ProductId[]; at: number }];
  'runtime-stopped': [info: { at: number; reason: string }];
  /**
   * The journal was replayed at start, before any reconciliation: `orders` are those it holds (as
   * journaled; they are tracked again), `path` is set for a file journal.
   */
  'journal-replayed': [
    info: {
      orders: readonly JournaledOrder[];
      repairedTornTail: boolean;
      path: string | undefined;
      /** The last run did not close the journal (killed, OS crash, power cut); see `existingOrdersAfterUncleanStop`. */
      uncleanStop: boolean;
    },
  ];
  /** The order was journaled and sent. */
  'order-submitted': [order: OrderView];
  /** The venue acknowledged the order (its exchange id is known). */
  'order-accepted': [order: OrderView];
  /** One new fill (each trade once). `order.status` tells whether the order is complete. */
  'order-filled': [event: { order: OrderView; fill: Fill }];
  'order-canceled': [order: OrderView];
  /** The venue refused the order. */
  'order-rejected': [order: OrderView];
  /** The runtime refused to send the order (risk gate, sizing, kill switch). */
  'order-denied': [event: { order: OrderView; reason: DenialReason; message: string }];
  /** Every status change, including those above. */
  'order-updated': [event: { order: OrderView; previousStatus: OrderStatus; status: OrderStatus }];
  'kill-switch-engaged': [state: KillSwitchState];
  /** A signal from a signal source arrived (`accepted`) or its fate changed. */
  'signal-updated': [fate: SignalFate];
  'feed-connected': [];
  'feed-disconnected': [info: { reason: string }];
  'feed-reconnected': [];
  'gap-detected': [info: { productId: ProductId; channel: string; detail: string }];
  'reconciliation-completed': [summary: ReconciliationSummary];
  /** A strategy handler threw or rejected; `errorCount` counts failures in the policy window. */
  'handler-failed': [info: { handler: string; error: unknown; errorCount: number }];
  /** The error policy stopped calling the strategy (and engaged the kill switch). */
  'strategy-halted': [info: { reason: string }];
  /** Something failed outside a handler (a venue call, a malformed message, a listener). */
  'runtime-error': [info: { error: unknown; context: string }];
}
