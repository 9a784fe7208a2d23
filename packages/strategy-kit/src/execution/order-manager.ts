import type { Decimal } from 'decimal.js';
import { JournalError, OrderOverfillError, VenueRejectedError } from '../errors.js';
import type { ClientOrderId, ClientOrderIdGenerator, OrderId, ProductId } from '../model/ids.js';
import { Order, type OrderRequest } from '../model/order.js';
import {
  canTransition,
  isWorking,
  type OrderStatus,
  type OrderTransitionCause,
} from '../model/order-state.js';
import type { Side } from '../model/product-rules.js';
import type { Fill, OrderReport, OrderResize } from '../model/reports.js';
import type { Venue } from '../venues/venue.js';
import {
  fillToJournal,
  type JournalRecord,
  type JournalReplay,
  type JournalSink,
  requestToJournal,
} from './journal.js';
import type { OrderManagerHooks } from './order-hooks.js';
import { OrderRecovery } from './order-recovery.js';
import { OrderRegistry } from './order-registry.js';
import { ParkedFills } from './parked-fills.js';

/**
 * How far the venue's clock may be behind ours: Coinbase refuses requests whose signed timestamp
 * is more than 30 s off, so a bot that trades at all is within that of the exchange.
 */
const CLOCK_SKEW_ALLOWED_MS = 30_000;

/** Options of {@link OrderManager}. */
export interface OrderManagerOptions {
  venue: Venue;
  journal: JournalSink;
  hooks: OrderManagerHooks;
  newClientOrderId: ClientOrderIdGenerator;
  /**
   * After a failed placement of unknown outcome, look the order up after these delays (ms; the
   * last repeats). Only "not found" answers count: the order is given up as `not_found` after as
   * many of them as there are delays (at least two); failed lookups just try again.
   */
  lookupDelaysMs?: readonly number[];
  /** Finished orders kept in memory (for late reports and fills); older ones are forgotten. */
  finishedOrdersKept?: number;
}

/**
 * Tracks every order by client order id from before any I/O until it is final: sends it,
 * journals it, applies the venue's reports and fills from the feed and from REST (whichever comes
 * first, each fill once), and makes sure an order it was asked to cancel ends canceled even when
 * the cancel overtook the order itself. Where orders are kept is {@link OrderRegistry}; finding
 * out what became of lost ones is {@link OrderRecovery}; fills that overtook their order's id wait
 * in {@link ParkedFills}.
 */
export class OrderManager {
  readonly #venue: Venue;
  readonly #journal: JournalSink;
  readonly #hooks: OrderManagerHooks;
  readonly newClientOrderId: ClientOrderIdGenerator;
  readonly #registry: OrderRegistry;
  readonly #recovery: OrderRecovery;
  readonly #parkedFills = new ParkedFills();
  /** Orders we asked to cancel; re-cancelled whenever a report shows them working. */
  readonly #cancelWanted = new Set<Order>();
  /** Orders whose placement request has not come back yet. */
  readonly #placing = new Set<Order>();
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: OrderManagerOptions) {
    this.#venue = options.venue;
    this.#journal = options.journal;
    this.#hooks = options.hooks;
    this.newClientOrderId = options.newClientOrderId;
    this.#registry = new OrderRegistry(options.finishedOrdersKept ?? 1000, (order) =>
      this.#recovery.forget(order),
    );
    this.#recovery = new OrderRecovery(
      {
        venue: this.#venue,
        registry: this.#registry,
        hooks: this.#hooks,
        newClientOrderId: () => this.newClientOrderId(),
        track: (call) => this.#track(call),
        move: (order, status, cause) => this.#move(order, status, cause),
        applyReport: (report) => this.applyReport(report),
        fetchFills: (order) => this.#fetchFills(order),
        appendJournal: (record) => this.#appendJournal(record),
      },
      options.lookupDelaysMs ?? [1000, 5000, 15000],
    );
  }

  /** Venue calls started and not come back yet. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Resolves once every venue call started so far (and any it led to) has come back. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Remembers a venue call until it settles (for {@link OrderManager.settled}). */
  #track<T>(call: Promise<T>): Promise<T> {
    const settledCall = call.then(
      () => undefined,
      () => undefined,
    );
    this.#inFlight.add(settledCall);
    void settledCall.then(() => this.#inFlight.delete(settledCall));
    return call;
  }

  /** Starts tracking a new order (status `created`); nothing is sent yet. */
  create(request: OrderRequest): Order {
    const order = new Order(request, this.#hooks.now(), 'strategy');
    this.#registry.add(order);
    return order;
  }

  get(clientOrderId: ClientOrderId): Order | undefined {
    return this.#registry.get(clientOrderId);
  }

  byOrderId(orderId: OrderId): Order | undefined {
    return this.#registry.byOrderId(orderId);
  }

  /** Orders that may still trade: submitted, open, partially filled, pending cancel. */
  working(): ReadonlySet<Order> {
    return this.#registry.working();
  }

  /** The remaining size of the working orders of one product and side (constant time). */
  pendingSize(productId: ProductId, side: Side): Decimal {
    return this.#registry.pendingSize(productId, side);
  }

  /** Every order still in memory (working and recently finished). */
  all(): IterableIterator<Order> {
    return this.#registry.all();
  }

  /** True while the placement request of this order has not come back. */
  isPlacing(order: Order): boolean {
    return this.#placing.has(order);
  }

  /** Refuses an order before it is sent (risk gate, validation): `created` → `rejected`. */
  deny(order: Order, reason: string): void {
    order.rejectReason = reason;
    this.#move(order, 'rejected');
  }

  /**
   * Journals the order, marks it submitted, and sends it. The journal write happens before the
   * request leaves, so a crash in between loses nothing: a restart looks the order up. When the
   * journal cannot take the record (a full disk), the order is denied (`journal_failed`) and
   * nothing is sent: `onJournalFailure` hears why first, so the denial carries its reason.
   *
   * @returns false when the order was denied instead of sent.
   */
  send(order: Order, onJournalFailure?: (message: string) => void): boolean {
    const record: JournalRecord = {
      kind: 'order',
      at: this.#hooks.now(),
      origin: order.origin,
      request: requestToJournal(order.request),
    };
    // The request goes out right after the write (a venue may write it to its socket within
    // placeOrder); the journal's own follow-up work (scheduling the flush) waits for it.
    let placement: Promise<OrderReport> | undefined;
    const place = () => {
      try {
        placement = this.#venue.placeOrder(order.request);
      } catch (error) {
        placement = Promise.reject(error);
      }
    };
    try {
      if (this.#journal.appendThen === undefined) this.#journal.append(record);
      else this.#journal.appendThen(record, place);
    } catch (error) {
      if (placement === undefined) return this.#journalFailed(order, error, onJournalFailure);
      // The record was written and the order sent: only the journal's follow-up work failed.
      this.#hooks.failed(error, `journal after sending ${order.clientOrderId}`);
    }
    if (placement === undefined) place();
    // The `submitted` move and its listeners come right after the send, in the same task: a
    // venue answers only asynchronously, so nothing about the order can arrive before it is
    // `submitted`.
    this.#placing.add(order);
    this.#move(order, 'submitted');
    this.#track(placement as Promise<OrderReport>).then(
      (report) =>
        this.#hooks.post(() => {
          this.#placing.delete(order);
          this.applyReport(report);
        }),
      (error: unknown) =>
        this.#hooks.post(() => {
          this.#placing.delete(order);
          this.#placementFailed(order, error);
        }),
    );
    return true;
  }

  /** The journal could not take the order's record: it is denied (`journal_failed`), nothing was sent. */
  #journalFailed(order: Order, error: unknown, onJournalFailure?: (message: string) => void): false {
    const message = JournalError.isInstance(error) ? error.message : 'the journal write failed';
    this.#hooks.failed(error, `journal before sending ${order.clientOrderId}`);
    onJournalFailure?.(message);
    this.deny(order, `journal_failed: ${message}`);
    return false;
  }

  /** Asks the venue to cancel; returns false when the order is final or a cancel is pending already. */
  cancel(order: Order): boolean {
    if (order.isTerminal || order.status === 'created') return false;
    this.#cancelWanted.add(order);
    if (order.status === 'pending_cancel') return false;
    this.#move(order, 'pending_cancel');
    this.#track(
      this.#venue.cancelOrder({
        clientOrderId: order.clientOrderId,
        orderId: order.orderId,
        productId: order.productId,
      }),
    ).then(
      () => this.#hooks.post(() => this.#cancelConfirmed(order)),
      (error: unknown) => this.#hooks.post(() => this.#cancelFailed(order, error)),
    );
    return true;
  }

  /** The tracked order a report or fill is about, if any. */
  find(clientOrderId: ClientOrderId | undefined, orderId: OrderId): Order | undefined {
    return this.#registry.find(clientOrderId, orderId);
  }

  /**
   * Applies a venue report (feed or REST). Stale reports never move an order backwards.
   * @returns true when the order's status changed.
   */
  applyReport(report: OrderReport): boolean {
    const order = this.find(report.clientOrderId, report.orderId);
    if (order === undefined) return false;
    const before = order.status;
    if (report.status !== 'rejected') this.#recovery.reviveIfGivenUp(order);
    if (order.orderId === undefined) this.#learnOrderId(order, report.orderId);
    if (!order.isTerminal) {
      const target = this.#targetStatus(order, report);
      if (target !== undefined) {
        if (target === 'rejected') order.rejectReason = report.rejectReason ?? 'rejected by the venue';
        if (canTransition(order.status, target)) this.#move(order, target);
        else
          this.#hooks.failed(
            new Error(`${report.source} report "${report.status}" does not fit order status ${order.status}`),
            `report for ${order.clientOrderId}`,
          );
      }
    }
    if (
      report.source === 'rest' &&
      report.filledSize !== undefined &&
      report.filledSize.greaterThan(order.filledSize)
    )
      this.#fetchFills(order);
    this.#recancelIfWanted(order);
    return order.status !== before;
  }

  /**
   * Applies a fill (feed or REST); a trade id already counted for the order changes nothing.
   * @returns true when the fill was new and counted.
   */
  applyFill(fill: Fill): boolean {
    const order = this.find(fill.clientOrderId, fill.orderId);
    if (order === undefined) {
      this.#park(fill);
      return false;
    }
    this.#recovery.reviveIfGivenUp(order);
    if (order.orderId === undefined) this.#learnOrderId(order, fill.orderId);
    return this.#countFill(order, fill);
  }

  /**
   * Rebuilds orders from a journal replay (see {@link OrderRecovery.restore}).
   * @returns the fills of every journaled order, for the portfolio.
   */
  restore(replay: JournalReplay): Fill[] {
    return this.#recovery.restore(replay);
  }

  /**
   * Applies a venue's shrinking of a resting order (self-trade prevention): its remaining size
   * drops without a fill. Later fills count against the smaller size.
   * @returns true when the order's size changed.
   */
  applyResize(resize: OrderResize): boolean {
    const order = this.#registry.byOrderId(resize.orderId);
    if (order === undefined || order.isTerminal) return false;
    const shrunk = order.shrink(resize.oldSize, resize.newSize, this.#hooks.now());
    if (shrunk) this.#registry.recount(order);
    return shrunk;
  }

  /** Takes over an order found open on the venue that we did not place (policy `adopt`). */
  adopt(report: OrderReport): Order {
    return this.#recovery.adopt(report);
  }

  /**
   * An order the venue does not know (see {@link OrderRecovery.markMissing}). One "not found"
   * for an order never acknowledged is not proof (the exchange may still be queueing it): it
   * becomes `unknown` and is looked up until repeated answers agree.
   */
  markMissing(order: Order): void {
    if (order.orderId === undefined && !order.isTerminal) {
      if (order.status === 'submitted') this.#move(order, 'unknown', 'placement_unknown');
      this.#recovery.lookUp(order);
      return;
    }
    this.#recovery.markMissing(order);
  }

  #targetStatus(order: Order, report: OrderReport): OrderStatus | undefined {
    switch (report.status) {
      case 'pending':
        return undefined;
      case 'open':
        return order.status === 'submitted' || order.status === 'unknown'
          ? order.filledSize.isZero()
            ? 'open'
            : 'partially_filled'
          : undefined;
      case 'filled':
      case 'canceled':
      case 'rejected':
        return report.status;
    }
  }

  #placementFailed(order: Order, error: unknown): void {
    if (order.isTerminal) return;
    if (VenueRejectedError.isInstance(error)) {
      order.rejectReason = error.message;
      this.#move(order, 'rejected');
      return;
    }
    this.#hooks.failed(error, `placing ${order.clientOrderId}; its fate is unknown, looking it up`);
    // The venue may hold it: it stays working (limits, cancel-all, the kill switch) until a lookup says.
    if (order.status === 'submitted') this.#move(order, 'unknown', 'placement_unknown');
    this.#recovery.lookUp(order);
  }

  #cancelConfirmed(order: Order): void {
    if (order.status === 'pending_cancel') this.#move(order, 'canceled');
  }

  #cancelFailed(order: Order, error: unknown): void {
    if (order.status !== 'pending_cancel') return;
    if (VenueRejectedError.isInstance(error)) {
      // Already done, or not arrived yet: back to what it was; a report (or the lookup) settles it.
      const previous = order.status;
      order.cancelRefused(this.#hooks.now());
      this.#hooks.changed({ kind: 'status', order, previous, status: order.status });
      if (order.orderId === undefined && !this.#placing.has(order)) this.#recovery.lookUp(order);
      else if (order.orderId !== undefined) this.#recovery.refresh(order);
      return;
    }
    this.#hooks.failed(error, `canceling ${order.clientOrderId}; checking its status`);
    this.#recovery.refresh(order);
  }

  #recancelIfWanted(order: Order): void {
    if (!this.#cancelWanted.has(order) || order.isTerminal || order.status === 'pending_cancel') return;
    if (this.#placing.has(order) && order.orderId === undefined) return;
    this.cancel(order);
  }

  #fetchFills(order: Order): void {
    if (order.orderId === undefined) return;
    this.#track(this.#venue.fillsSince({ productId: order.productId, orderId: order.orderId })).then(
      (page) =>
        this.#hooks.post(() => {
          for (const fill of page.fills) this.applyFill(fill);
        }),
      (error: unknown) =>
        this.#hooks.post(() => this.#hooks.failed(error, `fetching fills of ${order.clientOrderId}`)),
    );
  }

  #learnOrderId(order: Order, orderId: OrderId): void {
    this.#registry.setOrderId(order, orderId);
    this.#appendJournal({
      kind: 'order-id',
      at: this.#hooks.now(),
      clientOrderId: order.clientOrderId,
      orderId,
    });
    this.#hooks.changed({ kind: 'accepted', order });
    for (const fill of this.#parkedFills.take(orderId)) this.#countFill(order, fill);
  }

  #countFill(order: Order, venueFill: Fill): boolean {
    if (order.hasFill(venueFill.tradeId)) return false;
    const fill =
      venueFill.clientOrderId === order.clientOrderId
        ? venueFill
        : { ...venueFill, clientOrderId: order.clientOrderId };
    const previous = order.status;
    try {
      order.applyFill(fill);
    } catch (error) {
      if (OrderOverfillError.isInstance(error)) {
        this.#hooks.failed(error, `fill ${fill.tradeId} of ${order.clientOrderId}`);
        return false;
      }
      throw error;
    }
    this.#appendJournal({
      kind: 'fill',
      at: this.#hooks.now(),
      clientOrderId: order.clientOrderId,
      fill: fillToJournal(fill),
    });
    this.#registry.recount(order);
    this.#hooks.changed({ kind: 'fill', order, fill });
    if (order.status !== previous) this.#afterMove(order, previous);
    return true;
  }

  /**
   * Keeps a fill of an unknown order only while an order of ours that lacks its exchange id could
   * be its order: one given up as `not_found` that may still turn up, or a working one placed
   * before the fill (within {@link CLOCK_SKEW_ALLOWED_MS}). A fill older than every such order is
   * of an order the registry forgot (a reconciliation re-reads the fills since its cursor, and
   * the orders it counted them for may be gone) or not ours: keeping it would only grow memory.
   */
  #park(fill: Fill): void {
    if (this.#recovery.awaitingGivenUp) {
      this.#parkedFills.park(fill);
      return;
    }
    for (const order of this.#registry.working())
      if (order.orderId === undefined && fill.time >= order.createdAt - CLOCK_SKEW_ALLOWED_MS) {
        this.#parkedFills.park(fill);
        return;
      }
  }

  #move(order: Order, status: OrderStatus, cause?: OrderTransitionCause): void {
    const previous = order.status;
    order.transition(status, this.#hooks.now(), cause);
    this.#afterMove(order, previous);
  }

  #afterMove(order: Order, previous: OrderStatus): void {
    // "Filled" with fills short of the size: some fills were missed (the feed drops silently).
    const size = order.size;
    if (order.status === 'filled' && size !== undefined && order.filledSize.lessThan(size))
      this.#fetchFills(order);
    if (!isWorking(order.status)) {
      this.#cancelWanted.delete(order);
      if (order.status !== 'rejected' || previous !== 'created') {
        const record =
          order.rejectReason === undefined || order.status !== 'rejected'
            ? {
                kind: 'status' as const,
                at: this.#hooks.now(),
                clientOrderId: order.clientOrderId,
                status: order.status,
              }
            : {
                kind: 'status' as const,
                at: this.#hooks.now(),
                clientOrderId: order.clientOrderId,
                status: order.status,
                reason: order.rejectReason,
              };
        this.#appendJournal(record);
      }
    }
    this.#registry.file(order);
    this.#hooks.changed({ kind: 'status', order, previous, status: order.status });
  }

  #appendJournal(record: JournalRecord): void {
    try {
      this.#journal.append(record);
    } catch (error) {
      this.#hooks.failed(error, `journal ${record.kind}`);
    }
  }
}
