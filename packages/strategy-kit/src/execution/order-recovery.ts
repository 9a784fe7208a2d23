import { ZERO } from '../model/decimal.js';
import type { ClientOrderId } from '../model/ids.js';
import { Order, type OrderRequest } from '../model/order.js';
import { canTransition, type OrderStatus, type OrderTransitionCause } from '../model/order-state.js';
import type { Fill, OrderReport } from '../model/reports.js';
import type { Venue } from '../venues/venue.js';
import { type JournalRecord, type JournalReplay, requestToJournal } from './journal.js';
import type { OrderManagerHooks } from './order-hooks.js';
import type { OrderRegistry } from './order-registry.js';

/** What recovery needs from the order manager it works for. */
export interface RecoveryHost {
  readonly venue: Venue;
  readonly registry: OrderRegistry;
  readonly hooks: OrderManagerHooks;
  newClientOrderId(): ClientOrderId;
  /** Remembers a venue call until it settles. */
  track<T>(call: Promise<T>): Promise<T>;
  /** Moves an order through the order-state table, then files, journals and reports the change. */
  move(order: Order, status: OrderStatus, cause?: OrderTransitionCause): void;
  applyReport(report: OrderReport): boolean;
  /** Fetches the fills of one order from the venue (some were missed). */
  fetchFills(order: Order): void;
  appendJournal(record: JournalRecord): void;
}

/**
 * Finding out what became of orders the bot lost track of: orders rebuilt from the journal after
 * a restart, orders found working on the venue (adoption), placements of unknown outcome looked up
 * by client id, orders the venue does not know (`not_found`), and orders given up that turn up
 * after all (revival).
 */
export class OrderRecovery {
  readonly #host: RecoveryHost;
  readonly #lookupDelaysMs: readonly number[];
  /** "Not found" answers it takes to give an order up: a single 404 may be an exchange still queueing it. */
  readonly #notFoundsToGiveUp: number;
  /** Orders given up as never received (`not_found`): a later sighting revives them. */
  readonly #givenUp = new Set<Order>();
  /** Orders with a lookup chain running (one chain per order). */
  readonly #lookingUp = new Set<Order>();

  constructor(host: RecoveryHost, lookupDelaysMs: readonly number[]) {
    this.#host = host;
    this.#lookupDelaysMs = lookupDelaysMs.length === 0 ? [1000] : lookupDelaysMs;
    this.#notFoundsToGiveUp = Math.max(2, this.#lookupDelaysMs.length);
  }

  /** True while some order given up as `not_found` may still turn up. */
  get awaitingGivenUp(): boolean {
    return this.#givenUp.size > 0;
  }

  /** The registry dropped a finished order from memory. */
  forget(order: Order): void {
    this.#givenUp.delete(order);
    this.#lookingUp.delete(order);
  }

  /**
   * Rebuilds orders from a journal replay. Final orders come back final; the others come back
   * `submitted` (or partially filled) until reconciliation asks the venue.
   *
   * @returns the fills of every journaled order not counted in a carried position, for the portfolio.
   */
  restore(replay: JournalReplay): Fill[] {
    const { registry } = this.#host;
    const fills: Fill[] = [];
    for (const journaled of replay.orders.values()) {
      const order = Order.restored(journaled.request, journaled.createdAt);
      if (journaled.orderId !== undefined) order.orderId = journaled.orderId;
      registry.add(order);
      for (const [index, fill] of journaled.fills.entries()) {
        order.applyFill(fill);
        // Fills a compaction counted in a carried position are in the portfolio already.
        if (index >= journaled.fillsCounted) fills.push(fill);
      }
      const final = journaled.finalStatus;
      if (final !== undefined && canTransition(order.status, final.status)) {
        order.rejectReason = final.reason;
        order.transition(final.status, journaled.createdAt);
      }
      registry.file(order);
      const size = order.size;
      if (order.status === 'filled' && size !== undefined && order.filledSize.lessThan(size))
        this.#host.fetchFills(order);
    }
    return fills;
  }

  /** Takes over an order found open on the venue that we did not place (policy `adopt`). */
  adopt(report: OrderReport): Order {
    const { registry, hooks } = this.#host;
    const request: OrderRequest = {
      clientOrderId: report.clientOrderId ?? this.#host.newClientOrderId(),
      productId: report.productId,
      side: report.side,
      type: report.type,
      ...(report.size === undefined ? {} : { size: report.size }),
      ...(report.funds === undefined ? {} : { funds: report.funds }),
      ...(report.price === undefined ? {} : { price: report.price }),
      ...(report.stopPrice === undefined ? {} : { stopPrice: report.stopPrice }),
    };
    const order = Order.adopted(request, hooks.now(), report.filledSize ?? ZERO);
    order.orderId = report.orderId;
    registry.add(order);
    registry.file(order);
    this.#host.appendJournal({
      kind: 'order',
      at: hooks.now(),
      origin: 'adopted',
      request: requestToJournal(request),
    });
    this.#host.appendJournal({
      kind: 'order-id',
      at: hooks.now(),
      clientOrderId: order.clientOrderId,
      orderId: report.orderId,
    });
    return order;
  }

  /**
   * An order the venue does not know (lookup answered "not found"): if it was never
   * acknowledged, it never arrived (`rejected`, `not_found`); if it was, the venue purged it
   * after a cancel without fills (`canceled`).
   */
  markMissing(order: Order): void {
    if (order.isTerminal) return;
    if (order.orderId === undefined) {
      order.rejectReason = 'not_found: the venue never received the order';
      this.#host.move(order, 'rejected', 'not_found');
      this.#givenUp.add(order);
    } else {
      this.#host.move(order, 'canceled');
    }
  }

  /**
   * An order given up as `not_found` that the feed or REST shows after all is tracked again
   * (`rejected` → `submitted`), so that cancel-all, the kill switch and shutdown reach it.
   */
  reviveIfGivenUp(order: Order): void {
    if (!this.#givenUp.delete(order) || order.status !== 'rejected') return;
    const { registry, hooks } = this.#host;
    order.foundAfterAll(hooks.now());
    registry.reopen(order);
    // A non-final status record supersedes the journaled `rejected`: a replay sees it working.
    this.#host.appendJournal({
      kind: 'status',
      at: hooks.now(),
      clientOrderId: order.clientOrderId,
      status: 'submitted',
    });
    hooks.changed({ kind: 'status', order, previous: 'rejected', status: 'submitted' });
  }

  /**
   * Asks the venue for the order by client id on the configured delays until it shows up. Only
   * repeated "not found" answers give it up (`not_found`); a lookup that fails (timeout, 5xx)
   * says nothing about the order, so the lookups go on and the order stays `unknown` (working).
   */
  lookUp(order: Order): void {
    if (this.#lookingUp.has(order)) return;
    this.#lookingUp.add(order);
    this.#lookUpAfterDelay(order, 0, 0);
  }

  #lookUpAfterDelay(order: Order, attempt: number, notFound: number): void {
    const delays = this.#lookupDelaysMs;
    const delay = delays[Math.min(attempt, delays.length - 1)] as number;
    const { hooks, venue } = this.#host;
    hooks.schedule(delay, () => {
      if (order.isTerminal || order.orderId !== undefined) {
        this.#lookingUp.delete(order);
        return;
      }
      this.#host.track(venue.orderByClientId(order.clientOrderId, order.productId)).then(
        (report) =>
          hooks.post(() => {
            if (report !== undefined) {
              this.#lookingUp.delete(order);
              this.#host.applyReport(report);
            } else if (notFound + 1 >= this.#notFoundsToGiveUp) {
              this.#lookingUp.delete(order);
              this.markMissing(order);
            } else this.#lookUpAfterDelay(order, attempt + 1, notFound + 1);
          }),
        (error: unknown) =>
          hooks.post(() => {
            hooks.failed(error, `looking up ${order.clientOrderId}; it stays unknown, trying again`);
            this.#lookUpAfterDelay(order, attempt + 1, notFound);
          }),
      );
    });
  }

  /** One REST lookup of an order's status (an order the venue never acknowledged goes through {@link lookUp}). */
  refresh(order: Order): void {
    if (order.orderId === undefined) {
      this.lookUp(order);
      return;
    }
    const { hooks, venue } = this.#host;
    this.#host.track(venue.orderByClientId(order.clientOrderId, order.productId)).then(
      (report) =>
        hooks.post(() => {
          if (report === undefined) this.markMissing(order);
          else this.#host.applyReport(report);
        }),
      (error: unknown) => hooks.post(() => hooks.failed(error, `refreshing ${order.clientOrderId}`)),
    );
  }
}
