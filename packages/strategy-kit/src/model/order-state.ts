/**
 * The life of an order, as the runtime tracks it by client order id. This file is the one place
 * that says which status may follow which, and why; {@link Order.transition} refuses anything else.
 *
 * ```
 * created ─▶ submitted ─▶ open ─▶ partially_filled ─▶ filled
 *    │           │          │            │
 *    │           │          └────┬───────┘─▶ pending_cancel ─▶ canceled
 *    ▼           ▼               ▼
 * rejected   rejected/canceled/filled (IOC, FOK, market orders never rest)
 * ```
 *
 * `unknown` is `submitted` whose placement got no readable answer (a timeout, a lost response):
 * the venue may hold the order or not. It moves on like `submitted` when a report or fill shows
 * the order, counts as working (risk limits, cancel-all, the kill switch, which cancels it by
 * client order id), and becomes `rejected` (`not_found`) only after repeated "not found" answers;
 * a lookup that fails (timeout, 5xx) proves nothing.
 *
 * Besides that life (`lifecycle`), a few moves happen only for a named cause:
 * - `cancel_refused`: the venue refused our cancel; `pending_cancel` goes back to where the order
 *   was (`submitted` / `unknown` / `open`) or to what its fills say (`partially_filled`).
 * - `placement_unknown`: the placement got no readable answer; `submitted` → `unknown`.
 * - `not_found`: repeated lookups say the venue never received the order; `submitted`,
 *   `unknown` or `pending_cancel` → `rejected` (reason `not_found`).
 * - `revived`: an order given up as `not_found` turned up after all; `rejected` → `submitted`.
 * - `adopted`: an order found working on the venue at start, taken over; `created` → `open` /
 *   `partially_filled`.
 * - `restored`: rebuilt from the journal after a restart; `created` → `submitted`, after which
 *   its journaled fills and final status follow the lifecycle.
 *
 * `pending_cancel` is ours (a cancel was sent, its answer not seen yet). `filled`, `canceled` and
 * `rejected` are final, except for `revived`.
 */
export type OrderStatus =
  | 'created'
  | 'submitted'
  | 'unknown'
  | 'open'
  | 'partially_filled'
  | 'pending_cancel'
  | 'filled'
  | 'canceled'
  | 'rejected';

/** Why an order changes status: its normal life, or one of the named exceptions to it. */
export type OrderTransitionCause =
  | 'lifecycle'
  | 'cancel_refused'
  | 'placement_unknown'
  | 'not_found'
  | 'revived'
  | 'adopted'
  | 'restored';

type TransitionTable = Readonly<Partial<Record<OrderStatus, readonly OrderStatus[]>>>;

const lifecycle: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  created: ['submitted', 'rejected'],
  submitted: ['open', 'partially_filled', 'filled', 'canceled', 'rejected', 'pending_cancel'],
  unknown: ['open', 'partially_filled', 'filled', 'canceled', 'rejected', 'pending_cancel'],
  open: ['partially_filled', 'filled', 'canceled', 'pending_cancel'],
  partially_filled: ['partially_filled', 'filled', 'canceled', 'pending_cancel'],
  pending_cancel: ['open', 'partially_filled', 'filled', 'canceled', 'rejected'],
  filled: [],
  canceled: [],
  rejected: [],
};

/** Every legal move, by cause. */
const transitions: Readonly<Record<OrderTransitionCause, TransitionTable>> = {
  lifecycle,
  cancel_refused: { pending_cancel: ['submitted', 'unknown', 'open', 'partially_filled'] },
  placement_unknown: { submitted: ['unknown'] },
  not_found: { submitted: ['rejected'], unknown: ['rejected'], pending_cancel: ['rejected'] },
  revived: { rejected: ['submitted'] },
  adopted: { created: ['open', 'partially_filled'] },
  restored: { created: ['submitted'] },
};

/** True when the order-state table allows `from` → `to` for `cause` (default: the normal life). */
export function canTransition(
  from: OrderStatus,
  to: OrderStatus,
  cause: OrderTransitionCause = 'lifecycle',
): boolean {
  return transitions[cause][from]?.includes(to) ?? false;
}

/**
 * Where a refused cancel takes an order back to: `partially_filled` when it has fills, else the
 * status it had before the cancel (`submitted` / `unknown` when the venue had not acknowledged it).
 */
export function statusAfterRefusedCancel(
  beforeCancel: OrderStatus | undefined,
  hasFills: boolean,
): OrderStatus {
  if (hasFills) return 'partially_filled';
  return beforeCancel === 'submitted' || beforeCancel === 'unknown' ? beforeCancel : 'open';
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
    status === 'unknown' ||
    status === 'open' ||
    status === 'partially_filled' ||
    status === 'pending_cancel'
  );
}

/** Every status, in life order. */
export const orderStatuses: readonly OrderStatus[] = Object.keys(lifecycle) as OrderStatus[];
