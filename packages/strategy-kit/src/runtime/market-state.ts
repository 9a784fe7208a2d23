import type { Decimal } from 'decimal.js';
import type { BookView, Ticker, Trade } from '../model/market-data.js';
import type { Side } from '../model/product-rules.js';

/**
 * The latest market data per product, as the strategy and the risk gates read it: the last
 * ticker, the book, the last trade price.
 */
export class MarketState {
  readonly #tickers = new Map<string, Ticker>();
  readonly #books = new Map<string, BookView>();
  /** The last trade itself: its price is read (a venue may build it lazily) only when a price is asked for. */
  readonly #lastTrades = new Map<string, Trade>();

  updateTicker(ticker: Ticker): void {
    this.#tickers.set(ticker.productId, ticker);
  }

  updateBook(book: BookView): void {
    this.#books.set(book.productId, book);
  }

  updateTrade(trade: Trade): void {
    this.#lastTrades.set(trade.productId, trade);
  }

  ticker(productId: string): Ticker | undefined {
    return this.#tickers.get(productId);
  }

  book(productId: string): BookView | undefined {
    return this.#books.get(productId);
  }

  /** The price positions are valued at: the ticker's last price, else the last trade, else the book's mid. */
  markPrice(productId: string): Decimal | undefined {
    const ticker = this.#tickers.get(productId);
    if (ticker !== undefined) return ticker.price;
    const last = this.#lastTrades.get(productId);
    if (last !== undefined) return last.price;
    const book = this.#books.get(productId);
    const bid = book?.bestBid();
    const ask = book?.bestAsk();
    return bid !== undefined && ask !== undefined ? bid.price.plus(ask.price).div(2) : undefined;
  }

  /** The price a market order of `side` would pay: the best opposite level, else the ticker, else the last trade. */
  referencePrice(productId: string, side: Side): Decimal | undefined {
    const book = this.#books.get(productId);
    const level = side === 'buy' ? book?.bestAsk() : book?.bestBid();
    if (level !== undefined) return level.price;
    const ticker = this.#tickers.get(productId);
    return (
      (side === 'buy' ? ticker?.bestAsk : ticker?.bestBid) ??
      ticker?.price ??
      this.#lastTrades.get(productId)?.price
    );
  }
}
