/**
 * The life of an order, as the runtime tracks it by client order id:
 *
 * ```
 * created ─▶ submitted ─▶ open ─▶ partially_filled ─▶ filled
 *    │           │          │            │
 *    │           │          └────┬───────┘─▶ pending_cancel ─▶ canceled
 *    ▼           ▼               ▼
 * rejected   rejected/canceled/filled (IOC, FOK, market orders never rest)
 * ```
 *
 * `pending_cancel` is ours (a cancel was sent, its answer not seen yet); it goes back to `open` /
 * `partially_filled` if the venue refuses the cancel. `filled`, `canceled` and `rejected` are final.
 */
export type OrderStatus =
  | 'created'
  | 'submitted'
  | 'open'
  | 'partially_filled'
  | 'pending_cancel'
  | 'filled'
  | 'canceled'
  | 'rejected';

const transitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  created: ['submitted', 'rejected'],
  submitted: ['open', 'partially_filled', 'filled', 'canceled', 'rejected', 'pending_cancel'],
  open: ['partially_filled', 'filled', 'canceled', 'pending_cancel'],
  partially_filled: ['partially_filled', 'filled', 'canceled', 'pending_cancel'],
  pending_cancel: ['open', 'partially_filled', 'filled', 'canceled', 'rejected'],
  filled: [],
  canceled: [],
  rejected: [],
};

/** True when the state machine connects `from` to `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return transitions[from].includes(to);
}

/** The statuses an order never leaves. */
export const terminalStatuses: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'rejected']);

/** True for `filled`, `canceled` and `rejected`. */
export function isTerminal(status: OrderStatus): boolean {
  return terminalStatuses.has(status);
}

/** True while the order may still trade or rest on the book (it counts against open-order limits). */
export function isWorking(status: OrderStatus): boolean {
  return (
    status === 'submitted' ||
    status === 'open' ||
    status === 'partially_filled' ||
    status === 'pending_cancel'
  );
}

/** Every status, in life order. */
export const orderStatuses: readonly OrderStatus[] = Object.keys(transitions) as OrderStatus[];
