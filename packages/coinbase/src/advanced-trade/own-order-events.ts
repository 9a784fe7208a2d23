import type { AdvancedTradeFill, CoinbaseAdvancedTradeClient } from '@tradeloop/rest';
import type { Clock, ProductId, VenueEvent } from '@tradeloop/strategy-kit';
import type { AdvancedTradeFeed, AdvancedTradeMessages, DerivedFill } from '@tradeloop/websocket';
import { Decimal } from 'decimal.js';
import { parseTime } from '../exchange/coinbase-mapping.js';
import { fillFromRest, orderReportFromUser } from './advanced-trade-mapping.js';

/** How the `user` channel's fills are confirmed through REST. */
export interface FillLookupOptions {
  /** Lookups of an order's fills before its derived fill is given up to reconciliation. Default 5. */
  attempts?: number;
  /** Wait between two lookups (REST may lag the feed), in ms. Default 200. */
  delayMs?: number;
}

const TERMINAL = new Set(['FILLED', 'CANCELLED', 'EXPIRED', 'FAILED']);

/**
 * Own orders from the `user` channel as venue events, in the order they arrived: each order of a
 * message as a report, preceded by the fills its running totals grew by.
 *
 * The channel carries totals, not trades: one update can fold several trades (a taker sweeping
 * levels), a snapshot after a reconnect folds whatever filled meanwhile. A fill built from such a
 * difference has no trade id, no exact price per trade and no maker/taker flag, and could never
 * be matched with the same trades found later by reconciliation. So the feed only says *that* an
 * order filled (`fill-derived`, each increase once); the fills themselves are read from
 * `GET /orders/historical/fills` for that order, each with Coinbase's `trade_id`, exactly as
 * reconciliation reads them, and the runtime counts each trade once whichever path brought it.
 * When REST cannot show them (down, or lagging past the lookups), the venue reports a gap on
 * `user`, and the runtime's reconciliation fetches them later.
 */
export class OwnOrderEvents {
  readonly #client: CoinbaseAdvancedTradeClient;
  readonly #clock: Clock;
  readonly #emit: (event: VenueEvent) => void;
  readonly #attempts: number;
  readonly #delayMs: number;
  /** Orders whose totals grew, with the cumulative size REST must show. */
  readonly #grown = new Map<string, Decimal>();
  /** Trade ids already handed on, per working order (forgotten when the order is done). */
  readonly #forwarded = new Map<string, Set<string>>();
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: {
    client: CoinbaseAdvancedTradeClient;
    clock: Clock;
    emit: (event: VenueEvent) => void;
    lookups?: FillLookupOptions;
  }) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#emit = options.emit;
    this.#attempts = Math.max(1, Math.floor(options.lookups?.attempts ?? 5));
    this.#delayMs = Math.max(0, options.lookups?.delayMs ?? 200);
  }

  /** Starts listening to a feed subscribed to `user`. */
  attach(feed: AdvancedTradeFeed): void {
    // The feed emits `user` before the `fill-derived` of the same message; the queued task runs
    // after both, so it sees which orders grew.
    feed.on('fill-derived', (fill: DerivedFill) => {
      const cumulative = new Decimal(fill.cumulativeQuantity);
      const known = this.#grown.get(fill.orderId);
      if (known === undefined || cumulative.gt(known)) this.#grown.set(fill.orderId, cumulative);
    });
    feed.on('user', (event, message) => {
      const time = parseTime(message.timestamp, this.#clock.now());
      const orders = event.orders ?? [];
      this.#queue = this.#queue.then(() => this.#handle(orders, time));
    });
  }

  /**
   * Stops emitting. A fill lookup in flight is not waited for (it could take a REST timeout); it
   * ends in silence.
   */
  close(): void {
    this.#closed = true;
  }

  async #handle(orders: AdvancedTradeMessages.UserOrder[], time: number): Promise<void> {
    for (const order of orders) {
      if (this.#closed) return;
      try {
        const cumulative = this.#grown.get(order.order_id);
        if (cumulative !== undefined) {
          this.#grown.delete(order.order_id);
          await this.#forwardFills(order.order_id, order.product_id as ProductId, cumulative);
        }
        const report = orderReportFromUser(order, time);
        if (report !== undefined && !this.#closed) this.#emit({ type: 'order-report', report });
        if (TERMINAL.has(order.status)) this.#forwarded.delete(order.order_id);
      } catch (error) {
        if (!this.#closed) this.#emit({ type: 'venue-error', error });
      }
    }
  }

  /** Reads the order's fills until they add up to `cumulative`, and hands on the new ones. */
  async #forwardFills(orderId: string, productId: ProductId, cumulative: Decimal): Promise<void> {
    let shown = new Decimal(0);
    for (let attempt = 1; attempt <= this.#attempts; attempt += 1) {
      let fills: AdvancedTradeFill[];
      try {
        fills = await this.#fillsOf(orderId);
      } catch (error) {
        if (this.#closed) return;
        this.#emit({ type: 'venue-error', error });
        this.#gap(productId, `the fills of order ${orderId} could not be read`);
        return;
      }
      if (this.#closed) return;
      shown = fills.reduce((sum, fill) => sum.plus(fill.size), new Decimal(0));
      if (shown.gte(cumulative) || attempt === this.#attempts) {
        this.#forward(orderId, fills);
        break;
      }
      // The venue's clock (`@tradeloop/clock` is only a test dependency of this package).
      await new Promise<void>((resolve) => this.#clock.setTimer(this.#delayMs, resolve));
    }
    if (shown.lt(cumulative))
      this.#gap(
        productId,
        `order ${orderId} filled ${cumulative.toFixed()} on the user channel, its fills show ${shown.toFixed()}`,
      );
  }

  async #fillsOf(orderId: string): Promise<AdvancedTradeFill[]> {
    const fills: AdvancedTradeFill[] = [];
    for await (const fill of this.#client.iterateFills({ orderIds: [orderId] })) fills.push(fill);
    return fills.reverse(); // newest first on the wire
  }

  #forward(orderId: string, fills: AdvancedTradeFill[]): void {
    let forwarded = this.#forwarded.get(orderId);
    if (forwarded === undefined) {
      forwarded = new Set();
      this.#forwarded.set(orderId, forwarded);
    }
    for (const wire of fills) {
      if (forwarded.has(wire.trade_id)) continue;
      let event: VenueEvent;
      try {
        event = { type: 'fill', fill: fillFromRest(wire, this.#clock.now(), 'feed') };
      } catch (error) {
        event = { type: 'venue-error', error };
      }
      forwarded.add(wire.trade_id);
      this.#emit(event);
    }
  }

  #gap(productId: ProductId, detail: string): void {
    if (this.#closed) return;
    this.#emit({ type: 'gap-detected', productId, channel: 'user (fills)', detail });
  }
}
