import type { Decimal } from 'decimal.js';
import type { Level2Change, Level2Entry, SideWire } from '../messages.js';
import { isCrossedAt, midOf, spreadOf } from './book-top.js';
import type { BookDepth, BookLevelWire, BookStaleReason } from './book-types.js';
import { isZeroSize } from './decimal-text.js';
import { PriceKeys } from './price-keys.js';
import { PriceLadder } from './price-ladder.js';

/** A level as stored: mutable size, so a size change allocates nothing. */
interface StoredLevel {
  price: string;
  size: string;
}

/**
 * A level-2 (aggregated) order book kept from `level2` / `level2_batch` messages: a snapshot, then
 * `l2update` changes of absolute level sizes.
 *
 * Prices keep their exact wire strings; levels are ordered by an exact integer key derived from
 * the string (no float parsing). Reads are O(1) at the top of the book.
 *
 * @example
 * const book = new Level2Book('BTC-USD');
 * book.applySnapshot({ bids: [['100.00', '1.5']], asks: [['100.50', '2']] });
 * book.applyUpdate({ changes: [['buy', '100.25', '0.3']], time: '…' });
 * book.bestBid(); // { price: '100.25', size: '0.3' }
 * book.spread()?.toFixed(); // '0.25'
 */
export class Level2Book {
  readonly productId: string;
  readonly #bids = new PriceLadder<StoredLevel>();
  readonly #asks = new PriceLadder<StoredLevel>();
  readonly #keys = new PriceKeys([this.#bids, this.#asks]);
  #time: string | undefined;
  #staleReason: BookStaleReason | undefined = 'awaiting-snapshot';
  #updatesApplied = 0;

  constructor(productId: string) {
    this.productId = productId;
  }

  /** True once a snapshot is loaded and nothing has made the book doubtful since. */
  get trusted(): boolean {
    return this.#staleReason === undefined;
  }

  /** Why the book is not trusted, or `undefined` when it is. */
  get staleReason(): BookStaleReason | undefined {
    return this.#staleReason;
  }

  /** The `time` of the last snapshot or update applied (Coinbase's clock; may be absent). */
  get time(): string | undefined {
    return this.#time;
  }

  /** Updates applied since the last snapshot. */
  get updatesApplied(): number {
    return this.#updatesApplied;
  }

  /** Number of bid levels. */
  get bidLevels(): number {
    return this.#bids.length;
  }

  /** Number of ask levels. */
  get askLevels(): number {
    return this.#asks.length;
  }

  /** Marks the book untrusted until the next snapshot. */
  markStale(reason: BookStaleReason): void {
    this.#staleReason = reason;
  }

  /**
   * Replaces the whole book with a snapshot (never merges) and marks it trusted. Levels of size
   * zero are skipped; a price listed twice keeps its last size.
   * @throws {InvalidBookValueError} on a malformed price or size (the book is then left empty and stale).
   */
  applySnapshot(snapshot: {
    bids: readonly Level2Entry[];
    asks: readonly Level2Entry[];
    time?: string;
  }): void {
    this.#bids.clear();
    this.#asks.clear();
    this.#staleReason = 'awaiting-snapshot';
    let decimals = 0;
    for (const entries of [snapshot.bids, snapshot.asks]) {
      for (const entry of entries) decimals = Math.max(decimals, this.#keys.decimalsOf(entry[0]));
    }
    this.#keys.reset(decimals);
    this.#fill(this.#bids, snapshot.bids, 1);
    this.#fill(this.#asks, snapshot.asks, -1);
    this.#time = snapshot.time;
    this.#updatesApplied = 0;
    this.#staleReason = undefined;
  }

  #fill(ladder: PriceLadder<StoredLevel>, entries: readonly Level2Entry[], direction: 1 | -1): void {
    const rows: Array<{ key: number; level: StoredLevel; zero: boolean }> = [];
    for (const [price, size] of entries) {
      rows.push({ key: direction * this.#keys.keyOf(price), level: { price, size }, zero: isZeroSize(size) });
    }
    rows.sort((left, right) => left.key - right.key); // stable: a repeated price keeps its order
    const keys: number[] = [];
    const levels: StoredLevel[] = [];
    for (let index = 0; index < rows.length; index += 1) {
      const row = rows[index] as (typeof rows)[number];
      // A price listed twice counts once, with its last size; size zero means no level.
      if (rows[index + 1]?.key === row.key || row.zero) continue;
      keys.push(row.key);
      levels.push(row.level);
    }
    ladder.replace(keys, levels);
  }

  /**
   * Applies one `l2update`: each change sets a level's absolute size; size zero removes it.
   * @throws {InvalidBookValueError} on a malformed price or size (changes before it are applied;
   *   the feed then marks the book stale and resyncs it).
   */
  applyUpdate(update: { changes: readonly Level2Change[]; time?: string }): void {
    const changes = update.changes;
    for (let index = 0; index < changes.length; index += 1) {
      const change = changes[index] as Level2Change;
      this.applyChange(change[0], change[1], change[2]);
    }
    if (update.time !== undefined) this.#time = update.time;
    this.#updatesApplied += 1;
  }

  /** Sets the size of one level (`"0"` removes it). @throws {InvalidBookValueError} */
  applyChange(side: SideWire, price: string, size: string): void {
    const isBid = side === 'buy';
    const ladder = isBid ? this.#bids : this.#asks;
    const priceKey = this.#keys.keyOf(price);
    const key = isBid ? priceKey : -priceKey;
    const index = ladder.search(key);
    if (isZeroSize(size)) {
      if (index >= 0) ladder.removeAt(index);
      return;
    }
    if (index >= 0) (ladder.levelAt(index) as StoredLevel).size = size;
    else ladder.insertAt(-index - 1, key, { price, size });
  }

  /** The highest bid, or `undefined` when there are no bids. */
  bestBid(): BookLevelWire | undefined {
    return copyOf(this.#bids.levelAt(this.#bids.length - 1));
  }

  /** The lowest ask, or `undefined` when there are no asks. */
  bestAsk(): BookLevelWire | undefined {
    return copyOf(this.#asks.levelAt(this.#asks.length - 1));
  }

  /** The size at `price` on `side`, or `undefined` when no such level exists. */
  sizeAt(side: SideWire, price: string): string | undefined {
    const ladder = side === 'buy' ? this.#bids : this.#asks;
    const priceKey = this.#keys.keyOf(price);
    const index = ladder.search(side === 'buy' ? priceKey : -priceKey);
    return index >= 0 ? ladder.levelAt(index)?.size : undefined;
  }

  /** The best `levels` levels of each side, best first. */
  depth(levels = 10): BookDepth {
    return { bids: topOf(this.#bids, levels), asks: topOf(this.#asks, levels) };
  }

  /** Best ask − best bid, exact; `undefined` when a side is empty. */
  spread(): Decimal | undefined {
    return spreadOf(this.#bids, this.#asks);
  }

  /** (best bid + best ask) / 2, exact; `undefined` when a side is empty. */
  mid(): Decimal | undefined {
    return midOf(this.#bids, this.#asks);
  }

  /** True when the best bid is at or above the best ask (the book cannot be right). */
  isCrossed(): boolean {
    return isCrossedAt(this.#bids, this.#asks);
  }
}

function copyOf(level: StoredLevel | undefined): BookLevelWire | undefined {
  return level ? { price: level.price, size: level.size } : undefined;
}

function topOf(ladder: PriceLadder<StoredLevel>, levels: number): BookLevelWire[] {
  const result: BookLevelWire[] = [];
  const end = Math.max(0, ladder.length - levels);
  for (let index = ladder.length - 1; index >= end; index -= 1) {
    const level = ladder.levelAt(index) as StoredLevel;
    result.push({ price: level.price, size: level.size });
  }
  return result;
}
