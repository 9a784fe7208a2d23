import { CandleHistory, type CandleHistoryOptions } from '../market/candle-history.js';
import type {
  BookWire,
  CandleWire,
  CursorPage,
  CursorPageRequest,
  ProductWire,
  Result,
  TradeWire,
} from './contract.js';
import type { ExchangeState } from './exchange-state.js';
import type { ExpiryQueue } from './orders/expiry-queue.js';
import { failure, success } from './results.js';
import { bookWire, candleWire, statsWire, tickerWire, tradeWire } from './wire/market-data.js';
import { paginate } from './wire/pagination.js';

/**
 * The public market data: products, books at levels 1–3, the ticker, trades, candles and 24-hour
 * stats, each read from the product's engine and trade tape. An unknown product answers 404.
 */
export class MarketDataQueries {
  /** Each product's generated history, made on first request. */
  readonly #histories = new Map<string, CandleHistory>();

  constructor(
    private readonly state: ExchangeState,
    private readonly expiring: ExpiryQueue,
    private readonly historyOptions: CandleHistoryOptions | undefined = undefined,
    private readonly seed = 1,
  ) {}

  products(): ProductWire[] {
    return [...this.state.products.values()].map((productState) => productState.product.toWire());
  }

  product(productId: string): ProductWire | undefined {
    return this.state.products.get(productId)?.product.toWire();
  }

  sequence(productId: string): number {
    return this.state.products.get(productId)?.sequence ?? 0;
  }

  lastTradeId(productId: string): number {
    return this.state.products.get(productId)?.tape.lastTradeId ?? 0;
  }

  book(productId: string, level: 1 | 2 | 3): Result<BookWire> {
    const productState = this.state.products.get(productId);
    if (productState === undefined) return failure(404, 'NotFound');
    // A book must not show GTT orders whose time has passed.
    this.expiring.expireDue();
    const { product, engine, sequence } = productState;
    return success(bookWire(product, engine, level, sequence, this.state.clock.now()));
  }

  ticker(productId: string): Result<Record<string, unknown>> {
    const productState = this.state.products.get(productId);
    if (productState === undefined) return failure(404, 'NotFound');
    const { product, engine, tape } = productState;
    return success(tickerWire(product, engine, tape, this.state.clock.now()));
  }

  trades(productId: string, page: CursorPageRequest): Result<CursorPage<TradeWire>> {
    const productState = this.state.products.get(productId);
    if (productState === undefined) return failure(404, 'NotFound');
    const result = paginate(productState.tape.all(), (trade) => trade.tradeId, page);
    if (!result.ok) return result;
    return success({
      ...result.value,
      items: result.value.items.map((trade) => tradeWire(productState.product, trade)),
    });
  }

  candles(
    productId: string,
    granularity: number,
    startSeconds: number,
    endSeconds: number,
  ): Result<CandleWire[]> {
    const productState = this.state.products.get(productId);
    if (productState === undefined) return failure(404, 'NotFound');
    const candles = productState.tape.candles(granularity, startSeconds * 1000, endSeconds * 1000);
    const history = this.#history(productId);
    if (history !== undefined) {
      // The history comes before the exchange's own trades: newest first, the tape's candles on top.
      const oldestLive = candles[candles.length - 1]?.start ?? Number.POSITIVE_INFINITY;
      const older = history.candles(granularity, startSeconds * 1000, endSeconds * 1000);
      candles.push(...older.filter((candle) => candle.start < oldestLive));
    }
    return success(candles.map((candle) => candleWire(productState.product, candle)));
  }

  #history(productId: string): CandleHistory | undefined {
    if (this.historyOptions === undefined) return undefined;
    let history = this.#histories.get(productId);
    if (history === undefined) {
      const product = this.state.productState(productId).product;
      let productSeed = this.seed >>> 0;
      for (const character of productId)
        productSeed = (Math.imul(productSeed, 31) + character.charCodeAt(0)) >>> 0;
      history = new CandleHistory(this.historyOptions, product.startingPriceTicks, productSeed);
      this.#histories.set(productId, history);
    }
    return history;
  }

  stats(productId: string): Result<Record<string, string>> {
    const productState = this.state.products.get(productId);
    if (productState === undefined) return failure(404, 'NotFound');
    return success(statsWire(productState.product, productState.tape.stats(this.state.clock.now())));
  }

  /** The last trade price in ticks, if the product has traded. */
  lastPriceTicks(productId: string): number | undefined {
    return this.state.products.get(productId)?.tape.last()?.priceTicks;
  }
}
