import type { Decimal } from 'decimal.js';
import type { BookView, Candle, Ticker, Trade } from '../model/market-data.js';
import type { Side } from '../model/product-rules.js';

/** One product's latest market data. The last print is kept as the event itself, read lazily. */
class ProductMarket {
  ticker: Ticker | undefined = undefined;
  book: BookView | undefined = undefined;
  /** The last trade, or the last candle (its close is the last print) when candles came last. */
  lastTrade: Trade | undefined = undefined;
  lastCandle: Candle | undefined = undefined;

  lastPrice(): Decimal | undefined {
    if (this.lastCandle !== undefined) return this.lastCandle.close;
    return this.lastTrade?.price;
  }
}

/**
 * The latest market data per product, as the strategy and the risk gates read it: the last
 * ticker, the book, the last trade price (or the last candle's close). Updating is one field
 * store per event; nothing is computed (no Decimal read) until someone asks.
 */
export class MarketState {
  readonly #products = new Map<string, ProductMarket>();
  // The product of the last update: most streams are one product, so the Map is rarely read.
  #lastId: string | undefined;
  #last: ProductMarket = new ProductMarket();

  #product(productId: string): ProductMarket {
    if (productId === this.#lastId) return this.#last;
    let product = this.#products.get(productId);
    if (product === undefined) {
      product = new ProductMarket();
      this.#products.set(productId, product);
    }
    this.#lastId = productId;
    this.#last = product;
    return product;
  }

  updateTicker(ticker: Ticker): void {
    this.#product(ticker.productId).ticker = ticker;
  }

  updateBook(book: BookView): void {
    this.#product(book.productId).book = book;
  }

  updateTrade(trade: Trade): void {
    // Once per trade: the usual case (the product of the last update) without a call.
    const productId = trade.productId;
    const product = productId === this.#lastId ? this.#last : this.#product(productId);
    product.lastTrade = trade;
    product.lastCandle = undefined;
  }

  /** A finished candle (candle-fed venues, e.g. a backtest): its close is the last print. */
  updateCandle(candle: Candle): void {
    const product = this.#product(candle.productId);
    product.lastCandle = candle;
    product.lastTrade = undefined;
  }

  ticker(productId: string): Ticker | undefined {
    return this.#products.get(productId)?.ticker;
  }

  book(productId: string): BookView | undefined {
    return this.#products.get(productId)?.book;
  }

  /** The price positions are valued at: the ticker's last price, else the last trade, else the book's mid. */
  markPrice(productId: string): Decimal | undefined {
    const product = this.#products.get(productId);
    if (product === undefined) return undefined;
    if (product.ticker !== undefined) return product.ticker.price;
    const last = product.lastPrice();
    if (last !== undefined) return last;
    const book = product.book;
    const bid = book?.bestBid();
    const ask = book?.bestAsk();
    return bid !== undefined && ask !== undefined ? bid.price.plus(ask.price).div(2) : undefined;
  }

  /** The price a market order of `side` would pay: the best opposite level, else the ticker, else the last trade. */
  referencePrice(productId: string, side: Side): Decimal | undefined {
    const product = this.#products.get(productId);
    if (product === undefined) return undefined;
    const book = product.book;
    const level = side === 'buy' ? book?.bestAsk() : book?.bestBid();
    if (level !== undefined) return level.price;
    const ticker = product.ticker;
    return (side === 'buy' ? ticker?.bestAsk : ticker?.bestBid) ?? ticker?.price ?? product.lastPrice();
  }
}
