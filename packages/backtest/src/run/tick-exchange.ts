import type { ManualClock } from '@tradeloop/clock';
import { ExactDecimal, type ProductId } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import type { RecordingMessage } from '../data/recording.js';
import { RecordedBook } from '../fills/recorded-book.js';
import { slippedPrice } from '../fills/slippage.js';
import { TickFillModel } from '../fills/tick-fill-model.js';
import type { BacktestVenue, SimulatedOrder } from '../venue/backtest-venue.js';
import { RecentDecimals } from './recent-decimals.js';
import { RecordedTradeEvent } from './recorded-trade-event.js';

const ZERO = new ExactDecimal(0);
const MINUTE_MS = 60_000;

/** Options of {@link TickExchange}. */
export interface TickExchangeOptions {
  readonly clock: ManualClock;
  readonly venue: BacktestVenue;
  readonly slippageBps: Decimal;
  /** Resolves once the runtime has handled everything queued (`runtime.idle()`). */
  readonly settle: () => Promise<void>;
  /** True when there is nothing to settle (`runtime.isIdle`): the step then needs no promise. */
  readonly isSettled?: () => boolean;
  /** Called at the first message's time and then at every minute boundary the data passes. */
  readonly onMinute?: (time: number) => void;
}

/**
 * One step of tick mode per market message, shared by the backtest's replay and paper trading so
 * both fill the same way: the clock moves to the message's time (stopping at each minute boundary
 * on the way, where the runtime settles), orders whose latency has passed reach the
 * {@link TickFillModel}, the model matches them against the message (trades fill; books are
 * read), the message goes to the runtime (`onTrade`, `onBook`), and the runtime settles.
 */
export class TickExchange {
  readonly #options: TickExchangeOptions;
  readonly #books = new Map<string, RecordedBook>();
  readonly #byId = new Map<string, SimulatedOrder>();
  readonly #model: TickFillModel;
  readonly #decimals = new RecentDecimals();
  #nextMinute: number | undefined;

  constructor(options: TickExchangeOptions) {
    this.#options = options;
    const { venue, clock } = options;
    this.#model = new TickFillModel(
      {
        fillableSize: (id, price) => {
          const order = this.#byId.get(id);
          return order === undefined || (order.status !== 'open' && order.status !== 'pending')
            ? ZERO
            : venue.fillableSize(order, price);
        },
        fill: (id, price, size, liquidity) => {
          const order = this.#byId.get(id);
          if (order !== undefined) venue.fill(order, price, size, liquidity, clock.now());
        },
      },
      {
        book: (productId) => this.#books.get(productId),
        slip: (price, side, productId) =>
          slippedPrice(price, side, options.slippageBps, venue.rules(productId).quoteIncrement),
      },
    );
    venue.onOrderDone = (order) => {
      this.#model.removeOrder(order.request.clientOrderId);
      this.#byId.delete(order.request.clientOrderId);
    };
  }

  /** The next minute boundary the clock will stop at (`undefined` before the first message). */
  get nextMinute(): number | undefined {
    return this.#nextMinute;
  }

  /** The last traded price of a product (the venue keeps the last trade: its price is read only when asked). */
  lastPrice(productId: string): Decimal | undefined {
    return this.#options.venue.lastPrice(productId);
  }

  /**
   * Handles one market message (see the class comment). Returns a promise only when the runtime
   * has something to settle (an async handler, an order call in flight, a minute boundary with
   * work queued); otherwise the step is done when it returns, with no promise per message.
   */
  apply(message: RecordingMessage): Promise<void> | undefined {
    if (this.#nextMinute === undefined) {
      this.#options.onMinute?.(message.time);
      this.#nextMinute = message.time - (message.time % MINUTE_MS) + MINUTE_MS;
    }
    if (message.time >= this.#nextMinute) return this.#applyAfterMinutes(message);
    return this.#applyNow(message);
  }

  /** Stops at each minute boundary on the way to the message (the runtime settles there). */
  async #applyAfterMinutes(message: RecordingMessage): Promise<void> {
    const { clock, onMinute } = this.#options;
    let next = this.#nextMinute as number;
    while (message.time >= next) {
      clock.advanceTo(next);
      await this.#settle();
      onMinute?.(next);
      next += MINUTE_MS;
      this.#nextMinute = next;
    }
    await this.#applyNow(message);
  }

  #settle(): Promise<void> | undefined {
    const { isSettled, settle } = this.#options;
    return isSettled?.() === true ? undefined : settle();
  }

  #applyNow(message: RecordingMessage): Promise<void> | undefined {
    const { clock, venue } = this.#options;
    // Timers due by now run as the clock passes them.
    clock.advanceTo(message.time);
    if (venue.workingCount > 0 || venue.pendingCancelCount > 0) {
      this.#arrive(message.time);
      if (venue.workingCount > 0) venue.reportResting();
    }
    const productId = message.productId as ProductId;
    if (message.type === 'trade') {
      const trade = new RecordedTradeEvent(message, this.#decimals);
      // The model reads price and size only when it holds orders.
      this.#model.onTrade(trade);
      venue.setLastTrade(productId, trade);
      venue.emit({ type: 'trade', trade });
    } else {
      let book = this.#books.get(productId);
      if (book === undefined) {
        book = new RecordedBook(productId);
        this.#books.set(productId, book);
      }
      if (message.type === 'book-snapshot') book.reset(message.bids, message.asks, message.time);
      else {
        for (const [side, price, size] of message.changes) book.set(side, price, size);
        book.time = message.time;
      }
      venue.emit({ type: 'book', book });
    }
    return this.#settle();
  }

  /** Orders whose latency has passed reach the book (post-only ones that would take are rejected). */
  #arrive(time: number): void {
    const venue = this.#options.venue;
    for (const order of venue.arriveDue(time)) {
      const request = order.request;
      if (request.postOnly === true && request.price !== undefined) {
        const opposite =
          request.side === 'buy'
            ? this.#books.get(request.productId)?.bestAsk()
            : this.#books.get(request.productId)?.bestBid();
        const crosses =
          opposite !== undefined &&
          (request.side === 'buy'
            ? request.price.greaterThanOrEqualTo(opposite.price)
            : request.price.lessThanOrEqualTo(opposite.price));
        if (crosses) {
          venue.finish(order, 'rejected', 'post only: the order would have taken liquidity');
          continue;
        }
      }
      this.#byId.set(request.clientOrderId, order);
      this.#model.addOrder({
        id: request.clientOrderId,
        productId: request.productId,
        side: request.side,
        type: request.type,
        ...(request.price === undefined ? {} : { price: request.price }),
        ...(request.stopPrice === undefined ? {} : { stopPrice: request.stopPrice }),
      });
    }
  }
}
