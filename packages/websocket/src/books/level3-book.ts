import { Decimal } from 'decimal.js';
import type { FullChannelMessage, SideWire } from '../messages.js';
import { isCrossedAt, midOf, spreadOf } from './book-top.js';
import type { BookDepth, BookStaleReason, Level3BookLevel } from './book-types.js';
import { PriceKeys } from './price-keys.js';
import { PriceLadder } from './price-ladder.js';

/** One resting order as the book holds it. */
export interface Level3Order {
  readonly orderId: string;
  readonly side: SideWire;
  /** The exact wire price. */
  readonly price: string;
  /** The remaining size, exact. */
  readonly size: string;
}

/** A `[price, size, order_id]` row of `GET /products/{id}/book?level=3`. */
export type Level3Entry = readonly [price: string, size: string, orderId: string];

/** A level-3 snapshot: the whole non-aggregated book at `sequence`. */
export interface Level3Snapshot {
  sequence: number;
  bids: readonly Level3Entry[];
  asks: readonly Level3Entry[];
  time?: string;
}

/** What {@link Level3Book.apply} did with a message. */
export type Level3ApplyResult =
  /** The message was next in sequence and is reflected in the book. */
  | 'applied'
  /** The book already holds it (sequence ≤ the book's sequence), or it carries no sequence. */
  | 'skipped'
  /** Its sequence is beyond the next one: messages are missing; the book did not change. */
  | 'gap';

interface StoredOrder {
  orderId: string;
  side: SideWire;
  price: string;
  size: string;
  level: StoredLevel;
}

interface StoredLevel {
  price: string;
  /** Orders in time priority (a Set keeps insertion order and removes in O(1)). */
  orders: Set<StoredOrder>;
  /** The aggregated size, summed lazily when read; `undefined` after a change. */
  size: string | undefined;
}

/**
 * A level-3 (order-by-order) book kept from the `full` channel and a REST level-3 snapshot, by
 * sequence. {@link Level3Book.apply} only applies the next sequence number, so the book is either
 * exactly the exchange's book at {@link Level3Book.sequence} or it says it has a gap.
 *
 * Book rules (Coinbase): `open` adds the order; `match` shrinks the resting maker order; `done`
 * removes it; `change` resizes (or, for `modify_order`, moves) a resting order; `received` and
 * `activate` do not touch the book.
 *
 * @example
 * const book = new Level3Book('BTC-USD');
 * book.loadSnapshot(await getLevel3Snapshot('BTC-USD'));
 * for (const message of buffered) if (book.apply(message) === 'gap') resync();
 */
export class Level3Book {
  readonly productId: string;
  readonly #bids = new PriceLadder<StoredLevel>();
  readonly #asks = new PriceLadder<StoredLevel>();
  readonly #keys = new PriceKeys([this.#bids, this.#asks]);
  // Order ids are unique and never re-used, so deleting them does not hit V8's slow path for
  // keys that are deleted and re-set again and again.
  #orders = new Map<string, StoredOrder>();
  #sequence = -1;
  #time: string | undefined;
  #staleReason: BookStaleReason | undefined = 'awaiting-snapshot';

  constructor(productId: string) {
    this.productId = productId;
  }

  /** The sequence number of the last message the book reflects (−1 before the first snapshot). */
  get sequence(): number {
    return this.#sequence;
  }

  /** The `time` of the last message applied, or of the snapshot. */
  get time(): string | undefined {
    return this.#time;
  }

  /** True once a snapshot is loaded and nothing has made the book doubtful since. */
  get trusted(): boolean {
    return this.#staleReason === undefined;
  }

  /** Why the book is not trusted, or `undefined` when it is. */
  get staleReason(): BookStaleReason | undefined {
    return this.#staleReason;
  }

  /** Number of resting orders. */
  get orderCount(): number {
    return this.#orders.size;
  }

  /** Number of bid price levels. */
  get bidLevels(): number {
    return this.#bids.length;
  }

  /** Number of ask price levels. */
  get askLevels(): number {
    return this.#asks.length;
  }

  /** Marks the book untrusted until the next snapshot. */
  markStale(reason: BookStaleReason): void {
    this.#staleReason = reason;
  }

  /**
   * Replaces the whole book with a snapshot (never merges), sets the sequence to the snapshot's,
   * and marks it trusted.
   * @throws {InvalidBookValueError} on a malformed price (the book is then empty and stale).
   */
  loadSnapshot(snapshot: Level3Snapshot): void {
    this.#bids.clear();
    this.#asks.clear();
    this.#orders = new Map();
    this.#staleReason = 'awaiting-snapshot';
    let decimals = 0;
    for (const entries of [snapshot.bids, snapshot.asks]) {
      for (const entry of entries) decimals = Math.max(decimals, this.#keys.decimalsOf(entry[0]));
    }
    this.#keys.reset(decimals);
    this.#fill(this.#bids, snapshot.bids, 'buy');
    this.#fill(this.#asks, snapshot.asks, 'sell');
    this.#sequence = snapshot.sequence;
    this.#time = snapshot.time;
    this.#staleReason = undefined;
  }

  /** Builds one side in bulk: sort once, rather than splice order by order (O(n log n), not O(n²)). */
  #fill(ladder: PriceLadder<StoredLevel>, entries: readonly Level3Entry[], side: SideWire): void {
    const direction = side === 'buy' ? 1 : -1;
    const rows = entries.map((entry) => ({ key: direction * this.#keys.keyOf(entry[0]), entry }));
    rows.sort((left, right) => left.key - right.key); // stable: time priority within a level holds
    const keys: number[] = [];
    const levels: StoredLevel[] = [];
    for (const { key, entry } of rows) {
      const [price, size, orderId] = entry;
      if (this.#orders.has(orderId)) continue; // an order listed twice counts once
      let level = levels[levels.length - 1];
      if (level === undefined || keys[keys.length - 1] !== key) {
        level = { price, orders: new Set(), size: undefined };
        keys.push(key);
        levels.push(level);
      }
      const order: StoredOrder = { orderId, side, price, size, level };
      level.orders.add(order);
      this.#orders.set(orderId, order);
    }
    ladder.replace(keys, levels);
  }

  /**
   * Applies one `full`-channel message if it is the next in sequence.
   * @returns `'applied'`, `'skipped'` (already reflected, or no sequence) or `'gap'` (not applied).
   * @throws {InvalidBookValueError} on a malformed price (the sequence still advances; the caller resyncs).
   */
  apply(message: FullChannelMessage): Level3ApplyResult {
    // `activate` carries no sequence; `last_match` is history replayed by the `matches` channel.
    if (message.type === 'activate' || message.type === 'last_match') return 'skipped';
    const sequence = message.sequence;
    if (sequence === undefined || sequence <= this.#sequence) return 'skipped';
    if (sequence !== this.#sequence + 1) return 'gap';
    this.#sequence = sequence;
    this.#time = message.time;
    switch (message.type) {
      case 'open':
        this.#addOrder(message.order_id, message.side, message.price, message.remaining_size);
        break;
      case 'done':
        this.#removeOrder(message.order_id);
        break;
      case 'match': {
        const maker = this.#orders.get(message.maker_order_id);
        if (maker) this.#resize(maker, new Decimal(maker.size).minus(message.size).toFixed());
        break;
      }
      case 'change': {
        const order = this.#orders.get(message.order_id);
        if (!order) break;
        const newPrice = message.new_price;
        if (newPrice !== undefined && newPrice !== order.price) {
          this.#removeOrder(order.orderId);
          this.#addOrder(order.orderId, order.side, newPrice, message.new_size ?? order.size);
        } else if (message.new_size !== undefined) {
          this.#resize(order, message.new_size);
        }
        break;
      }
      default:
        break;
    }
    return 'applied';
  }

  #addOrder(orderId: string, side: SideWire, price: string, size: string): void {
    if (this.#orders.has(orderId)) this.#removeOrder(orderId);
    const ladder = side === 'buy' ? this.#bids : this.#asks;
    const priceKey = this.#keys.keyOf(price);
    const key = side === 'buy' ? priceKey : -priceKey;
    const index = ladder.search(key);
    let level: StoredLevel;
    if (index >= 0) level = ladder.levelAt(index) as StoredLevel;
    else {
      level = { price, orders: new Set(), size: undefined };
      ladder.insertAt(-index - 1, key, level);
    }
    const order: StoredOrder = { orderId, side, price, size, level };
    level.orders.add(order);
    level.size = undefined;
    this.#orders.set(orderId, order);
  }

  #removeOrder(orderId: string): void {
    const order = this.#orders.get(orderId);
    if (!order) return;
    this.#orders.delete(orderId);
    const level = order.level;
    level.orders.delete(order);
    level.size = undefined;
    if (level.orders.size === 0) {
      const ladder = order.side === 'buy' ? this.#bids : this.#asks;
      const priceKey = this.#keys.keyOf(level.price);
      const index = ladder.search(order.side === 'buy' ? priceKey : -priceKey);
      if (index >= 0) ladder.removeAt(index);
    }
  }

  #resize(order: StoredOrder, size: string): void {
    order.size = size;
    order.level.size = undefined;
  }

  /** One resting order, or `undefined`. */
  order(orderId: string): Level3Order | undefined {
    const order = this.#orders.get(orderId);
    return order
      ? { orderId: order.orderId, side: order.side, price: order.price, size: order.size }
      : undefined;
  }

  /** The orders resting at `price` on `side`, in time priority. */
  ordersAt(side: SideWire, price: string): Level3Order[] {
    const ladder = side === 'buy' ? this.#bids : this.#asks;
    const priceKey = this.#keys.keyOf(price);
    const index = ladder.search(side === 'buy' ? priceKey : -priceKey);
    const level = index >= 0 ? ladder.levelAt(index) : undefined;
    if (!level) return [];
    return [...level.orders].map((order) => ({
      orderId: order.orderId,
      side: order.side,
      price: order.price,
      size: order.size,
    }));
  }

  /** Every resting order: bids best first, then asks best first, each level in time priority. */
  orders(): { bids: Level3Order[]; asks: Level3Order[] } {
    const collect = (ladder: PriceLadder<StoredLevel>): Level3Order[] => {
      const result: Level3Order[] = [];
      for (let index = ladder.length - 1; index >= 0; index -= 1) {
        for (const order of (ladder.levelAt(index) as StoredLevel).orders) {
          result.push({ orderId: order.orderId, side: order.side, price: order.price, size: order.size });
        }
      }
      return result;
    };
    return { bids: collect(this.#bids), asks: collect(this.#asks) };
  }

  /** The highest bid level, aggregated. */
  bestBid(): Level3BookLevel | undefined {
    const level = this.#bids.levelAt(this.#bids.length - 1);
    return level ? aggregate(level) : undefined;
  }

  /** The lowest ask level, aggregated. */
  bestAsk(): Level3BookLevel | undefined {
    const level = this.#asks.levelAt(this.#asks.length - 1);
    return level ? aggregate(level) : undefined;
  }

  /** The best `levels` aggregated levels of each side, best first. */
  depth(levels = 10): BookDepth<Level3BookLevel> {
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

  /** True when the best bid is at or above the best ask. */
  isCrossed(): boolean {
    return isCrossedAt(this.#bids, this.#asks);
  }
}

function aggregate(level: StoredLevel): Level3BookLevel {
  if (level.size === undefined) {
    let total = new Decimal(0);
    for (const order of level.orders) total = total.plus(order.size);
    level.size = total.toFixed();
  }
  return { price: level.price, size: level.size, orderCount: level.orders.size };
}

function topOf(ladder: PriceLadder<StoredLevel>, levels: number): Level3BookLevel[] {
  const result: Level3BookLevel[] = [];
  const end = Math.max(0, ladder.length - levels);
  for (let index = ladder.length - 1; index >= end; index -= 1) {
    result.push(aggregate(ladder.levelAt(index) as StoredLevel));
  }
  return result;
}
