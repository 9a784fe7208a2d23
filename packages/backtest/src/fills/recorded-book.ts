import { type BookLevel, type BookView, ExactDecimal, type ProductId } from '@tradeloop/strategy-kit';

/**
 * A level-2 book rebuilt from recorded snapshots and updates; it is also the `BookView` the
 * strategy sees. Levels are kept by price text and sorted when read after a change.
 */
export class RecordedBook implements BookView {
  readonly productId: ProductId;
  time = 0;
  readonly #bids = new Map<string, BookLevel>();
  readonly #asks = new Map<string, BookLevel>();
  #sortedBids: BookLevel[] | undefined;
  #sortedAsks: BookLevel[] | undefined;

  constructor(productId: ProductId) {
    this.productId = productId;
  }

  /** Replaces the whole book. */
  reset(
    bids: ReadonlyArray<readonly [string, string]>,
    asks: ReadonlyArray<readonly [string, string]>,
    time: number,
  ) {
    this.#bids.clear();
    this.#asks.clear();
    for (const [price, size] of bids) this.set('buy', price, size);
    for (const [price, size] of asks) this.set('sell', price, size);
    this.time = time;
  }

  /** Sets one level's size (0 removes it). */
  set(side: 'buy' | 'sell', price: string, size: string): void {
    const levels = side === 'buy' ? this.#bids : this.#asks;
    const sizeDecimal = new ExactDecimal(size);
    const priceDecimal = new ExactDecimal(price);
    const key = priceDecimal.toFixed();
    if (sizeDecimal.isZero()) levels.delete(key);
    else levels.set(key, { price: priceDecimal, size: sizeDecimal });
    if (side === 'buy') this.#sortedBids = undefined;
    else this.#sortedAsks = undefined;
  }

  bestBid(): BookLevel | undefined {
    return this.#bidList()[0];
  }

  bestAsk(): BookLevel | undefined {
    return this.#askList()[0];
  }

  bids(depth: number): BookLevel[] {
    return this.#bidList().slice(0, depth);
  }

  asks(depth: number): BookLevel[] {
    return this.#askList().slice(0, depth);
  }

  #bidList(): BookLevel[] {
    this.#sortedBids ??= [...this.#bids.values()].sort((a, b) => b.price.comparedTo(a.price));
    return this.#sortedBids;
  }

  #askList(): BookLevel[] {
    this.#sortedAsks ??= [...this.#asks.values()].sort((a, b) => a.price.comparedTo(b.price));
    return this.#sortedAsks;
  }
}
