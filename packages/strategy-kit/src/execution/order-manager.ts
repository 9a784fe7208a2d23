import { JournalError, OrderOverfillError, VenueRejectedError } from '../errors.js';
import { ZERO } from '../model/decimal.js';
import type { Fill, OrderReport, OrderResize } from '../model/events.js';
import type { ClientOrderId, ClientOrderIdGenerator, OrderId } from '../model/ids.js';
import { Order, type OrderRequest } from '../model/order.js';
import { canTransition, isWorking, type OrderStatus } from '../model/order-state.js';
import type { Venue } from '../venues/venue.js';
import { fillToJournal, type JournalReplay, type JournalSink, requestToJournal } from './journal.js';

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

/** Options of {@link OrderManager}. */
export interface OrderManagerOptions {
  venue: Venue;
  journal: JournalSink;
  hooks: OrderManagerHooks;
  newClientOrderId: ClientOrderIdGenerator;
  /** After a failed placement of unknown outcome, look the order up after these delays (ms). */
  lookupDelaysMs?: readonly number[];
  /** Finished orders kept in memory (for late reports and fills); older ones are forgotten. */
  finishedOrdersKept?: number;
}

/** Fills of orders whose exchange id is not known yet wait here, a bounded number. */
const parkedFillsKept = 1000;

/**
 * Tracks every order by client order id from before any I/O until it is final: sends it,
 * journals it, applies the venue's reports and fills from the feed and from REST (whichever comes
 * first, each fill once), and makes sure an order it was asked to cancel ends canceled even when
 * the cancel overtook the order itself.
 */
export class OrderManager {
  readonly #venue: Venue;
  readonly #journal: JournalSink;
  readonly #hooks: OrderManagerHooks;
  readonly #lookupDelaysMs: readonly number[];
  readonly #finishedOrdersKept: number;
  readonly newClientOrderId: ClientOrderIdGenerator;
  readonly #orders = new Map<ClientOrderId, Order>();
  readonly #byOrderId = new Map<OrderId, Order>();
  readonly #working = new Set<Order>();
  readonly #finished: Order[] = [];
  /** Orders we asked to cancel; re-cancelled whenever a report shows them working. */
  readonly #cancelWanted = new Set<Order>();
  /** Orders whose placement request has not come back yet. */
  readonly #placing = new Set<Order>();
  readonly #parkedFills = new Map<OrderId, Fill[]>();
  /** Orders given up as never received (`not_found`): a later sighting revives them. */
  readonly #givenUp = new Set<Order>();
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: OrderManagerOptions) {
    this.#venue = options.venue;
    this.#journal = options.journal;
    this.#hooks = options.hooks;
    this.newClientOrderId = options.newClientOrderId;
    this.#lookupDelaysMs = options.lookupDelaysMs ?? [1000, 5000, 15000];
    this.#finishedOrdersKept = options.finishedOrdersKept ?? 1000;
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
    this.#orders.set(order.clientOrderId, order);
    return order;
  }

  get(clientOrderId: ClientOrderId): Order | undefined {
    return this.#orders.get(clientOrderId);
  }

  byOrderId(orderId: OrderId): Order | undefined {
    return this.#byOrderId.get(orderId);
  }

  /** Orders that may still trade: submitted, open, partially filled, pending cancel. */
  working(): ReadonlySet<Order> {
    return this.#working;
  }

  /** Every order still in memory (working and recently finished). */
  all(): IterableIterator<Order> {
    return this.#orders.values();
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
   * request leaves, so a crash in between loses nothing: a restart looks the order up.
   */
  send(order: Order): void {
    try {
      this.#journal.append({
        kind: 'order',
        at: this.#hooks.now(),
        origin: order.origin,
        request: requestToJournal(order.request),
      });
    } catch (error) {
      this.#hooks.failed(error, `journal before sending ${order.clientOrderId}`);
      this.deny(order, `journal_failed: ${JournalError.isInstance(error) ? error.message : 'write failed'}`);
      return;
    }
    this.#move(order, 'submitted');
    this.#placing.add(order);
    this.#track(this.#venue.placeOrder(order.request)).then(
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
    return (
      (clientOrderId === undefined ? undefined : this.#orders.get(clientOrderId)) ??
      this.#byOrderId.get(orderId)
    );
  }

  /**
   * Applies a venue report (feed or REST). Stale reports never move an order backwards.
   * @returns true when the order's status changed.
   */
  applyReport(report: OrderReport): boolean {
    const order = this.find(report.clientOrderId, report.orderId);
    if (order === undefined) return false;
    const before = order.status;
    if (report.status !== 'rejected') this.#reviveIfGivenUp(order);
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
    this.#reviveIfGivenUp(order);
    if (order.orderId === undefined) this.#learnOrderId(order, fill.orderId);
    return this.#countFill(order, fill);
  }

  /**
   * Rebuilds orders from a journal replay. Final orders come back final; the others come back
   * `submitted` (or partially filled) until reconciliation asks the venue.
   *
   * @returns the fills of every journaled order, for the portfolio.
   */
  restore(replay: JournalReplay): Fill[] {
    const fills: Fill[] = [];
    for (const journaled of replay.orders.values()) {
      const order = new Order(journaled.request, journaled.createdAt, 'journal');
      order.transition('submitted', journaled.createdAt);
      if (journaled.orderId !== undefined) {
        order.orderId = journaled.orderId;
        this.#byOrderId.set(journaled.orderId, order);
      }
      this.#orders.set(order.clientOrderId, order);
      for (const fill of journaled.fills) {
        order.applyFill(fill);
        fills.push(fill);
      }
      const final = journaled.finalStatus;
      if (final !== undefined && canTransition(order.status, final.status)) {
        order.rejectReason = final.reason;
        order.transition(final.status, journaled.createdAt);
      }
      if (isWorking(order.status)) this.#working.add(order);
      else this.#finish(order);
      const size = order.size;
      if (order.status === 'filled' && size !== undefined && order.filledSize.lessThan(size))
        this.#fetchFills(order);
    }
    return fills;
  }

  /**
   * Applies a venue's shrinking of a resting order (self-trade prevention): its remaining size
   * drops without a fill. Later fills count against the smaller size.
   * @returns true when the order's size changed.
   */
  applyResize(resize: OrderResize): boolean {
    const order = this.#byOrderId.get(resize.orderId);
    if (order === undefined || order.isTerminal) return false;
    return order.shrink(resize.oldSize, resize.newSize, this.#hooks.now());
  }

  /** Takes over an order found open on the venue that we did not place (policy `adopt`). */
  adopt(report: OrderReport): Order {
    const request: OrderRequest = {
      clientOrderId: report.clientOrderId ?? this.newClientOrderId(),
      productId: report.productId,
      side: report.side,
      type: report.type,
      ...(report.size === undefined ? {} : { size: report.size }),
      ...(report.funds === undefined ? {} : { funds: report.funds }),
      ...(report.price === undefined ? {} : { price: report.price }),
      ...(report.stopPrice === undefined ? {} : { stopPrice: report.stopPrice }),
    };
    const order = Order.adopted(request, this.#hooks.now(), report.filledSize ?? ZERO);
    order.orderId = report.orderId;
    this.#orders.set(order.clientOrderId, order);
    this.#byOrderId.set(report.orderId, order);
    this.#working.add(order);
    this.#appendJournal({
      kind: 'order',
      at: this.#hooks.now(),
      origin: 'adopted',
      request: requestToJournal(request),
    });
    this.#appendJournal({
      kind: 'order-id',
      at: this.#hooks.now(),
      clientOrderId: order.clientOrderId,
      orderId: report.orderId,
    });
    return order;
  }

  /**
   * An order the venue does not know (lookup answered "not found"): if it was never
   * acknowledged, it never arrived (`rejected`); if it was, the venue purged it after a cancel
   * without fills (`canceled`).
   */
  markMissing(order: Order): void {
    if (order.isTerminal) return;
    if (order.orderId === undefined) {
      order.rejectReason = 'not_found: the venue never received the order';
      this.#move(order, 'rejected');
      this.#givenUp.add(order);
    } else {
      this.#move(order, 'canceled');
    }
  }

  /**
   * An order given up as `not_found` that the feed or REST shows after all is tracked again
   * (`rejected` → `submitted`), so that cancel-all, the kill switch and shutdown reach it.
   */
  #reviveIfGivenUp(order: Order): void {
    if (!this.#givenUp.delete(order) || order.status !== 'rejected') return;
    const finishedAt = this.#finished.indexOf(order);
    if (finishedAt >= 0) this.#finished.splice(finishedAt, 1);
    order.foundAfterAll(this.#hooks.now());
    this.#working.add(order);
    // A non-final status record supersedes the journaled `rejected`: a replay sees it working.
    this.#appendJournal({
      kind: 'status',
      at: this.#hooks.now(),
      clientOrderId: order.clientOrderId,
      status: 'submitted',
    });
    this.#hooks.changed({ kind: 'status', order, previous: 'rejected', status: 'submitted' });
  }

  #targetStatus(order: Order, report: OrderReport): OrderStatus | undefined {
    switch (report.status) {
      case 'pending':
        return undefined;
      case 'open':
        return order.status === 'submitted'
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
    this.#lookUp(order, 0);
  }

  /** Asks the venue for the order by client id, retrying on the configured delays. */
  #lookUp(order: Order, attempt: number): void {
    const delay = this.#lookupDelaysMs[attempt];
    if (delay === undefined) {
      this.markMissing(order);
      return;
    }
    this.#hooks.schedule(delay, () => {
      if (order.isTerminal || order.orderId !== undefined) return;
      this.#track(this.#venue.orderByClientId(order.clientOrderId, order.productId)).then(
        (report) =>
          this.#hooks.post(() => {
            if (report === undefined) this.#lookUp(order, attempt + 1);
            else this.applyReport(report);
          }),
        (error: unknown) =>
          this.#hooks.post(() => {
            this.#hooks.failed(error, `looking up ${order.clientOrderId}`);
            this.#lookUp(order, attempt + 1);
          }),
      );
    });
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
      if (order.orderId === undefined && !this.#placing.has(order)) this.#lookUp(order, 0);
      else if (order.orderId !== undefined) this.#refresh(order);
      return;
    }
    this.#hooks.failed(error, `canceling ${order.clientOrderId}; checking its status`);
    this.#refresh(order);
  }

  /** One REST lookup of an order's status. */
  #refresh(order: Order): void {
    this.#track(this.#venue.orderByClientId(order.clientOrderId, order.productId)).then(
      (report) =>
        this.#hooks.post(() => {
          if (report === undefined) this.markMissing(order);
          else this.applyReport(report);
        }),
      (error: unknown) =>
        this.#hooks.post(() => this.#hooks.failed(error, `refreshing ${order.clientOrderId}`)),
    );
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
    order.orderId = orderId;
    this.#byOrderId.set(orderId, order);
    this.#appendJournal({
      kind: 'order-id',
      at: this.#hooks.now(),
      clientOrderId: order.clientOrderId,
      orderId,
    });
    this.#hooks.changed({ kind: 'accepted', order });
    const parked = this.#parkedFills.get(orderId);
    if (parked !== undefined) {
      this.#parkedFills.delete(orderId);
      for (const fill of parked) this.#countFill(order, fill);
    }
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
    this.#hooks.changed({ kind: 'fill', order, fill });
    if (order.status !== previous) this.#afterMove(order, previous);
    return true;
  }

  /**
   * Keeps a fill of an unknown order only while some order of ours still lacks its exchange id
   * (a working one, or one given up as `not_found` that may still turn up).
   */
  #park(fill: Fill): void {
    let awaitingId = this.#givenUp.size > 0;
    for (const order of this.#working)
      if (order.orderId === undefined) {
        awaitingId = true;
        break;
      }
    if (!awaitingId) return;
    if (this.#parkedFills.size >= parkedFillsKept) {
      const oldest = this.#parkedFills.keys().next().value;
      if (oldest !== undefined) this.#parkedFills.delete(oldest);
    }
    const list = this.#parkedFills.get(fill.orderId) ?? [];
    list.push(fill);
    this.#parkedFills.set(fill.orderId, list);
  }

  #move(order: Order, status: OrderStatus): void {
    const previous = order.status;
    order.transition(status, this.#hooks.now());
    this.#afterMove(order, previous);
  }

  #afterMove(order: Order, previous: OrderStatus): void {
    // "Filled" with fills short of the size: some fills were missed (the feed drops silently).
    const size = order.size;
    if (order.status === 'filled' && size !== undefined && order.filledSize.lessThan(size))
      this.#fetchFills(order);
    if (isWorking(order.status)) this.#working.add(order);
    else {
      this.#working.delete(order);
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
      this.#finish(order);
    }
    this.#hooks.changed({ kind: 'status', order, previous, status: order.status });
  }

  #finish(order: Order): void {
    this.#finished.push(order);
    while (this.#finished.length > this.#finishedOrdersKept) {
      const forgotten = this.#finished.shift() as Order;
      this.#givenUp.delete(forgotten);
      this.#orders.delete(forgotten.clientOrderId);
      if (forgotten.orderId !== undefined) this.#byOrderId.delete(forgotten.orderId);
    }
  }

  #appendJournal(record: Parameters<JournalSink['append']>[0]): void {
    try {
      this.#journal.append(record);
    } catch (error) {
      this.#hooks.failed(error, `journal ${record.kind}`);
    }
  }
}
