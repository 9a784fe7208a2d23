import { type BookView, ExactDecimal } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';

/**
 * How orders fill on recorded trades and books (tick mode). It knows nothing of accounts or
 * venues: it is told of orders reaching the exchange, of trades, and reads the current book; it
 * calls its sink for every fill. Paper trading can drive it with live data the same way.
 *
 * Rules:
 * - **Market order**: walks the opposite side of the book, level by level at each level's price
 *   (taker), as far as the levels go; whatever the book cannot fill (or everything, without a
 *   book) fills at the next trade's price worsened by the slippage.
 * - **Limit order**: the part that crosses the book on arrival takes it (taker, at the levels'
 *   prices, up to the limit). The rest rests with the size queued ahead of it at its price, read
 *   from the book at arrival (none when it improves the best price; unknown — only trades through
 *   fill it — without a book). It fills (maker, at its price) only when a trade prints THROUGH the
 *   price (up to that trade's size), or AT the price once trades at it with the other side as
 *   aggressor have used up the queue ahead (the excess fills it). A mere touch never fills it.
 * - **Stop (stop-limit)**: a trade at or through the stop (a sell stop at or below, a buy stop at
 *   or above: Coinbase's rule) turns it into a limit order arriving then, as above; without a book
 *   the marketable part fills at that trade's price, up to its size.
 * - Partial fills happen. The recorded book is not depleted by our own fills (the next update
 *   restores it), so two orders can take the same displayed size.
 */
export interface TickOrder {
  /** The order's id (the client order id); the sink is called with it. */
  readonly id: string;
  readonly productId: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit' | 'stop';
  readonly price?: Decimal;
  readonly stopPrice?: Decimal;
}

/** Where the model's fills go; the sink owns the orders' remaining sizes. */
export interface TickFillSink {
  /** What the order can still fill at `price` (its remaining size, or what its remaining funds buy); 0 when done. */
  fillableSize(orderId: string, price: Decimal): Decimal;
  /** One fill; the sink applies it before the model asks `fillableSize` again. */
  fill(orderId: string, price: Decimal, size: Decimal, liquidity: 'maker' | 'taker'): void;
}

/** Options of {@link TickFillModel}. */
export interface TickFillModelOptions {
  /** The current book of a product, when one was recorded. */
  readonly book: (productId: string) => BookView | undefined;
  /** A market fill's price from a trade price, worsened by the slippage and put on the tick. */
  readonly slip: (price: Decimal, side: 'buy' | 'sell', productId: string) => Decimal;
}

/** A public trade as the model needs it. */
export interface TickTrade {
  readonly productId: string;
  readonly price: Decimal;
  readonly size: Decimal;
  /** The aggressor's side. */
  readonly takerSide: 'buy' | 'sell';
}

interface RestingOrder {
  readonly order: TickOrder;
  /** Limit price (a triggered stop's limit). */
  limit: Decimal | undefined;
  /** Size ahead at the price; Infinity when unknown. */
  queueAhead: Decimal;
  /** A stop still waiting for its trigger. */
  waitingTrigger: boolean;
  /** A market order (or its rest) waiting for the next trade. */
  waitingTrade: boolean;
}

const ZERO = new ExactDecimal(0);
const UNKNOWN = new ExactDecimal(Number.POSITIVE_INFINITY);
const LEVELS_WALKED = 1000;

export class TickFillModel {
  readonly #sink: TickFillSink;
  readonly #options: TickFillModelOptions;
  /** Resting orders in arrival order. */
  readonly #orders = new Map<string, RestingOrder>();

  constructor(sink: TickFillSink, options: TickFillModelOptions) {
    this.#sink = sink;
    this.#options = options;
  }

  /** The order reaches the exchange now. */
  addOrder(order: TickOrder): void {
    const resting: RestingOrder = {
      order,
      limit: order.type === 'market' ? undefined : order.price,
      queueAhead: ZERO,
      waitingTrigger: order.type === 'stop',
      waitingTrade: false,
    };
    this.#orders.set(order.id, resting);
    if (order.type === 'market') this.#takeBook(resting, undefined);
    else if (order.type === 'limit') this.#arriveAsLimit(resting, undefined);
  }

  /** The order left the exchange (canceled, or done elsewhere). */
  removeOrder(orderId: string): void {
    this.#orders.delete(orderId);
  }

  /** Orders the model still holds. */
  get size(): number {
    return this.#orders.size;
  }

  /** A public trade printed: triggers stops, fills market orders waiting for it and resting limits. */
  onTrade(trade: TickTrade): void {
    if (this.#orders.size === 0) return;
    for (const resting of [...this.#orders.values()]) {
      const order = resting.order;
      if (order.productId !== trade.productId || !this.#orders.has(order.id)) continue;
      if (resting.waitingTrigger) {
        const stop = order.stopPrice as Decimal;
        const hit =
          order.side === 'sell'
            ? trade.price.lessThanOrEqualTo(stop)
            : trade.price.greaterThanOrEqualTo(stop);
        if (!hit) continue;
        resting.waitingTrigger = false;
        this.#arriveAsLimit(resting, trade);
        continue;
      }
      if (resting.waitingTrade) {
        const price = this.#options.slip(trade.price, order.side, order.productId);
        this.#fill(resting, price, this.#sink.fillableSize(order.id, price), 'taker');
        continue;
      }
      this.#matchResting(resting, trade);
    }
  }

  #matchResting(resting: RestingOrder, trade: TickTrade): void {
    const limit = resting.limit;
    if (limit === undefined) return;
    const side = resting.order.side;
    const comparison = trade.price.comparedTo(limit);
    const through = side === 'buy' ? comparison < 0 : comparison > 0;
    if (through) {
      this.#fill(resting, limit, this.#capped(resting, limit, trade.size), 'maker');
      return;
    }
    // At the price, with the other side as aggressor: the queue ahead of us shrinks first.
    if (comparison !== 0 || trade.takerSide === side) return;
    const excess = trade.size.minus(resting.queueAhead);
    resting.queueAhead = excess.isPositive() ? ZERO : resting.queueAhead.minus(trade.size);
    if (excess.isPositive() && !excess.isZero())
      this.#fill(resting, limit, this.#capped(resting, limit, excess), 'maker');
  }

  /** A limit (or a stop just triggered by `trigger`) reaches the book: takes what crosses, rests the rest. */
  #arriveAsLimit(resting: RestingOrder, trigger: TickTrade | undefined): void {
    const order = resting.order;
    const limit = resting.limit as Decimal;
    const book = this.#options.book(order.productId);
    if (book === undefined) {
      resting.queueAhead = UNKNOWN;
      if (trigger !== undefined) {
        const marketable =
          order.side === 'sell'
            ? trigger.price.greaterThanOrEqualTo(limit)
            : trigger.price.lessThanOrEqualTo(limit);
        if (marketable)
          this.#fill(resting, trigger.price, this.#capped(resting, trigger.price, trigger.size), 'taker');
      }
      return;
    }
    this.#takeBook(resting, limit);
    if (!this.#orders.has(order.id)) return;
    const best = order.side === 'buy' ? book.bestBid() : book.bestAsk();
    const improves =
      best === undefined ||
      (order.side === 'buy' ? limit.greaterThan(best.price) : limit.lessThan(best.price));
    resting.queueAhead = improves ? ZERO : sizeAt(book, order.side, limit);
  }

  /** Takes the opposite side of the book up to `limit` (a market order: no limit) as a taker. */
  #takeBook(resting: RestingOrder, limit: Decimal | undefined): void {
    const order = resting.order;
    const book = this.#options.book(order.productId);
    const levels =
      book === undefined ? [] : order.side === 'buy' ? book.asks(LEVELS_WALKED) : book.bids(LEVELS_WALKED);
    for (const level of levels) {
      if (!this.#orders.has(order.id)) return;
      if (
        limit !== undefined &&
        (order.side === 'buy' ? level.price.greaterThan(limit) : level.price.lessThan(limit))
      )
        break;
      const size = this.#capped(resting, level.price, level.size);
      if (size.isZero()) break;
      this.#fill(resting, level.price, size, 'taker');
    }
    if (limit === undefined && this.#orders.has(order.id)) resting.waitingTrade = true;
  }

  /** The fillable size at `price`, at most `cap`. */
  #capped(resting: RestingOrder, price: Decimal, cap: Decimal): Decimal {
    const fillable = this.#sink.fillableSize(resting.order.id, price);
    return fillable.lessThan(cap) ? fillable : cap;
  }

  #fill(resting: RestingOrder, price: Decimal, size: Decimal, liquidity: 'maker' | 'taker'): void {
    if (size.isPositive() && !size.isZero()) this.#sink.fill(resting.order.id, price, size, liquidity);
    if (this.#sink.fillableSize(resting.order.id, price).isZero()) this.#orders.delete(resting.order.id);
  }
}

function sizeAt(book: BookView, side: 'buy' | 'sell', price: Decimal): Decimal {
  for (const level of side === 'buy' ? book.bids(LEVELS_WALKED) : book.asks(LEVELS_WALKED)) {
    const comparison = level.price.comparedTo(price);
    if (comparison === 0) return level.size;
    if (side === 'buy' ? comparison < 0 : comparison > 0) break;
  }
  return ZERO;
}
