import type { ProductId } from '../model/ids.js';
import type { Order } from '../model/order.js';
import type { Fill, OrderReport } from '../model/reports.js';
import type { FillCursor, Venue } from '../venues/venue.js';
import type { OrderManager } from './order-manager.js';

/** What to do at start with orders already open on the account that the bot does not know. */
export type ExistingOrderPolicy = 'adopt' | 'cancel' | 'ignore';

/** Why a reconciliation ran. */
export type ReconciliationTrigger = 'start' | 'reconnect' | 'gap' | 'periodic' | 'manual';

/** What a reconciliation found and fixed. */
export interface ReconciliationSummary {
  readonly trigger: ReconciliationTrigger;
  /** Fills that had not been seen before (each is now counted, once). */
  readonly missedFills: number;
  /** Our orders whose status changed (by a report, a missed fill, or a lookup). */
  readonly updatedOrders: number;
  /** Orders the venue no longer knows (never arrived, or purged after a cancel without fills). */
  readonly missingOrders: number;
  /** Unknown open orders taken over (start, policy `adopt`). */
  readonly adoptedOrders: number;
  /** Unknown open orders canceled (start, policy `cancel`). */
  readonly canceledForeignOrders: number;
  /** Unknown open orders left alone (policy `ignore`). */
  readonly ignoredForeignOrders: number;
  /**
   * Set on the start after an unclean stop: unknown open orders were handled by the
   * `existingOrdersAfterUncleanStop` policy (they may be the bot's own, their records lost).
   */
  readonly afterUncleanStop?: true;
}

/** Options of {@link Reconciler}. */
export interface ReconcilerOptions {
  venue: Venue;
  orders: OrderManager;
  productIds: readonly ProductId[];
  existingOrders: ExistingOrderPolicy;
  /** Replaces `existingOrders` at a start after an unclean stop (see {@link Reconciler.uncleanStopDetected}). */
  existingOrdersAfterUncleanStop?: ExistingOrderPolicy;
  /** Runs a task in the runtime's event loop (where every state change happens). */
  post(task: () => void): void;
  /** With no fill seen yet for a product, fills are fetched from this time (ms) on. */
  fillsSince: () => number;
  failed(error: unknown, context: string): void;
  /** Called when the fill cursor of a product moves (the runtime journals it). */
  cursorMoved(productId: ProductId, cursor: FillCursor): void;
}

/**
 * Brings our view of orders and fills in line with the venue's, as NautilusTrader does with
 * reports: fetch the open orders and the fills since the last known fill, look up each of our
 * working orders that is not open any more, and apply all of it through the order manager, which
 * counts each fill once. A missing venue report is never taken as "nothing happened": an order
 * not found is looked up by client id before it is given up.
 *
 * Runs at start (where unknown open orders are adopted, canceled or ignored by policy) and after
 * every feed reconnect or gap.
 */
export class Reconciler {
  readonly #options: ReconcilerOptions;
  /**
   * Per product, the venue's cursor after the newest fill a fill query returned. Only REST
   * answers move it: a fill seen on the feed says nothing about older fills the feed may have
   * dropped silently (the `user` channel has no sequence numbers).
   */
  readonly #cursors = new Map<ProductId, FillCursor>();

  /** The journal says the last run stopped uncleanly: the start uses `existingOrdersAfterUncleanStop`. */
  #uncleanStop = false;

  constructor(options: ReconcilerOptions) {
    this.#options = options;
  }

  /** The last run stopped uncleanly: its journal may lack the records of its last orders. */
  uncleanStopDetected(): void {
    this.#uncleanStop = true;
  }

  /** Sets the cursors from a journal replay (where the last run's reconciliations left them). */
  restoreCursors(cursors: ReadonlyMap<ProductId, FillCursor>): void {
    for (const [productId, cursor] of cursors) this.#cursors.set(productId, cursor);
  }

  /** Fetches, then applies in the event loop; resolves with the summary once applied. */
  async reconcile(trigger: ReconciliationTrigger): Promise<ReconciliationSummary> {
    const { venue, orders, productIds } = this.#options;
    const tracked = [...orders.working()].filter((order) => !orders.isPlacing(order));
    const [openReports, fills] = await Promise.all([
      Promise.all(productIds.map((productId) => venue.openOrders(productId))).then((lists) => lists.flat()),
      Promise.all(productIds.map((productId) => this.#fetchFills(productId))),
    ]);
    const openClientIds = new Set(
      openReports.map((report) => report.clientOrderId).filter((id) => id !== undefined),
    );
    const openOrderIds = new Set(openReports.map((report) => report.orderId));
    const notOpen = tracked.filter(
      (order) =>
        !openClientIds.has(order.clientOrderId) &&
        (order.orderId === undefined || !openOrderIds.has(order.orderId)),
    );
    const lookups = await Promise.all(
      notOpen.map(
        async (order): Promise<[Order, OrderReport | undefined]> => [
          order,
          await venue.orderByClientId(order.clientOrderId, order.productId),
        ],
      ),
    );
    return new Promise((resolve, reject) => {
      this.#options.post(() => {
        try {
          const summary = this.#apply(trigger, openReports, lookups, fills);
          this.#moveCursors(fills);
          resolve(summary);
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  #apply(
    trigger: ReconciliationTrigger,
    openReports: readonly OrderReport[],
    lookups: ReadonlyArray<[Order, OrderReport | undefined]>,
    pages: readonly ProductFills[],
  ): ReconciliationSummary {
    const { orders, venue } = this.#options;
    const statusesBefore = new Map([...orders.working()].map((order) => [order, order.status]));
    let missingOrders = 0;
    let adoptedOrders = 0;
    let canceledForeignOrders = 0;
    let ignoredForeignOrders = 0;
    const afterUncleanStop = trigger === 'start' && this.#uncleanStop;
    const policy = afterUncleanStop
      ? (this.#options.existingOrdersAfterUncleanStop ?? this.#options.existingOrders)
      : this.#options.existingOrders;
    // 1. Reports first: they teach exchange ids, which fills are matched by.
    for (const report of openReports) {
      if (orders.find(report.clientOrderId, report.orderId) !== undefined) {
        orders.applyReport(report);
        continue;
      }
      if (trigger !== 'start' || policy === 'ignore') {
        ignoredForeignOrders += 1;
      } else if (policy === 'adopt') {
        orders.adopt(report);
        adoptedOrders += 1;
      } else {
        canceledForeignOrders += 1;
        venue
          .cancelOrder({
            clientOrderId: report.clientOrderId,
            orderId: report.orderId,
            productId: report.productId,
          })
          .catch((error: unknown) =>
            this.#options.failed(error, `canceling existing order ${report.orderId}`),
          );
      }
    }
    const finalReports: OrderReport[] = [];
    for (const [order, report] of lookups) {
      if (report === undefined) continue;
      // Learn the id now; apply the final status after the fills, so fills come before "filled".
      if (report.status === 'open' || report.status === 'pending') orders.applyReport(report);
      else if (order.orderId === undefined) {
        orders.applyReport({ ...report, status: 'pending' });
        finalReports.push(report);
      } else finalReports.push(report);
    }
    // 2. Fills, oldest first; the order manager counts each trade once.
    let missedFills = 0;
    for (const { fills } of pages) for (const fill of fills) if (orders.applyFill(fill)) missedFills += 1;
    // 3. Final statuses, and orders the venue does not know at all.
    for (const report of finalReports) orders.applyReport(report);
    for (const [order, report] of lookups) {
      if (report !== undefined || order.isTerminal) continue;
      orders.markMissing(order);
      missingOrders += 1;
    }
    let updatedOrders = 0;
    for (const [order, status] of statusesBefore) if (order.status !== status) updatedOrders += 1;
    return {
      trigger,
      missedFills,
      updatedOrders,
      missingOrders,
      adoptedOrders,
      canceledForeignOrders,
      ignoredForeignOrders,
      ...(afterUncleanStop ? { afterUncleanStop: true as const } : {}),
    };
  }

  async #fetchFills(productId: ProductId): Promise<ProductFills> {
    const after = this.#cursors.get(productId);
    try {
      const page = await this.#options.venue.fillsSince(
        after === undefined ? { productId, since: this.#options.fillsSince() } : { productId, after },
      );
      return { productId, fills: page.fills, cursor: page.cursor };
    } catch (error) {
      this.#options.failed(error, `fetching fills of ${productId}`);
      throw error;
    }
  }

  /**
   * Moves (and journals) the cursors once the fills they cover are applied (and journaled), so
   * a restart asks only for newer fills and a crash in between loses none.
   */
  #moveCursors(pages: readonly ProductFills[]): void {
    for (const { productId, cursor } of pages) {
      if (cursor === undefined || cursor === this.#cursors.get(productId)) continue;
      this.#cursors.set(productId, cursor);
      this.#options.cursorMoved(productId, cursor);
    }
  }
}

/** One product's answer to a fill query. */
interface ProductFills {
  readonly productId: ProductId;
  readonly fills: readonly Fill[];
  readonly cursor: FillCursor | undefined;
}
