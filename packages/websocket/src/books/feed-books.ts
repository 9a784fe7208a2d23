import type { Clock } from '@tradeloop/clock';
import { asWebSocketError, SnapshotSourceRequiredError } from '../errors.js';
import type { FeedEvents } from '../feed-events.js';
import type {
  FullChannelMessage,
  HeartbeatMessage,
  Level2SnapshotMessage,
  Level2UpdateMessage,
  TickerMessage,
} from '../messages.js';
import type { BookStaleReason } from './book-types.js';
import { Level2Book } from './level2-book.js';
import type { Level3Book } from './level3-book.js';
import { type Level3SnapshotSource, Level3Sync } from './level3-sync.js';
import { TickerCheck } from './ticker-check.js';

/** What the books need from the feed. */
export interface FeedBooksHost {
  emit<Event extends keyof FeedEvents>(event: Event, ...args: FeedEvents[Event]): void;
  /** Ask the server for a fresh level-2 snapshot of one product (unsubscribe + subscribe). */
  requestLevel2Snapshot(channel: string, productId: string): void;
}

/** Book options of the feed. */
export interface FeedBooksOptions {
  /** Keep a level-2 book per product subscribed to `level2` / `level2_batch`. Default true. */
  level2?: boolean;
  /**
   * Keep a level-3 book per product subscribed to `full`. Default: true when `level3Snapshots` is
   * given, else false. `true` without `level3Snapshots` throws {@link SnapshotSourceRequiredError}.
   */
  level3?: boolean;
  /**
   * Where level-3 snapshots come from, e.g. `GET /products/{id}/book?level=3` through a REST
   * client (`@tradeloop/coinbase` wires one in). Level-3 books are kept only with a source.
   */
  level3Snapshots?: Level3SnapshotSource;
  /** Most `full` messages buffered per product while a snapshot is fetched. Default 50 000. */
  maxBufferedMessages?: number;
  /**
   * Check books against the ticker's best bid/ask (needs a `ticker` subscription). `graceUpdates`:
   * book updates a disagreement may last before the book is declared stale. Default `{ graceUpdates: 3 }`.
   */
  tickerCheck?: false | { graceUpdates?: number };
}

interface Level2State {
  book: Level2Book;
  channel: string;
  check: TickerCheck;
  /** A fresh snapshot was requested and has not arrived yet. */
  resyncing: boolean;
}

interface Level3State {
  sync: Level3Sync;
  check: TickerCheck;
}

/**
 * The feed's books: one level-2 book per product on `level2`/`level2_batch`, one level-3 sync per
 * product on `full`. Detects untrustworthy books (crossed, ticker disagreement, gaps, reconnects),
 * marks them stale, resyncs them, and reports both through the feed's events.
 */
export class FeedBooks {
  readonly #host: FeedBooksHost;
  readonly #level2Enabled: boolean;
  readonly #level3Source: Level3SnapshotSource | undefined;
  readonly #maxBufferedMessages: number | undefined;
  readonly #graceUpdates: number | undefined;
  readonly #clock: Clock;
  // Keyed by product id; entries change only on (un)subscribe, never per message.
  readonly #level2 = new Map<string, Level2State>();
  readonly #level3 = new Map<string, Level3State>();

  /** @throws {SnapshotSourceRequiredError} for `level3: true` without `level3Snapshots`. */
  constructor(host: FeedBooksHost, clock: Clock, options: FeedBooksOptions = {}) {
    this.#host = host;
    this.#clock = clock;
    this.#level2Enabled = options.level2 ?? true;
    if (options.level3 === true && options.level3Snapshots === undefined) {
      throw new SnapshotSourceRequiredError();
    }
    this.#level3Source = options.level3 === false ? undefined : options.level3Snapshots;
    this.#maxBufferedMessages = options.maxBufferedMessages;
    this.#graceUpdates = options.tickerCheck === false ? undefined : (options.tickerCheck?.graceUpdates ?? 3);
  }

  level2(productId: string): Level2Book | undefined {
    return this.#level2.get(productId)?.book;
  }

  level3(productId: string): Level3Book | undefined {
    return this.#level3.get(productId)?.sync.book;
  }

  /** The level-3 sync of a product (for its counters), if any. */
  level3Sync(productId: string): Level3Sync | undefined {
    return this.#level3.get(productId)?.sync;
  }

  /**
   * Keeps the level-2 book of `productId` while `channels` (those still feeding it, the preferred
   * first) is not empty: starts it (it waits for the snapshot the subscription brings), or moves
   * its resync requests to a channel still wanted, or drops it.
   */
  followLevel2(productId: string, channels: readonly string[]): void {
    const [channel] = channels;
    if (channel === undefined) {
      this.unwatchLevel2(productId);
      return;
    }
    const state = this.#level2.get(productId);
    if (state) {
      if (!channels.includes(state.channel)) state.channel = channel;
      return;
    }
    if (!this.#level2Enabled) return;
    this.#level2.set(productId, {
      book: new Level2Book(productId),
      channel,
      check: new TickerCheck(this.#graceUpdates ?? 0),
      resyncing: true,
    });
  }

  unwatchLevel2(productId: string): void {
    const state = this.#level2.get(productId);
    if (!state) return;
    this.#level2.delete(productId);
    this.#markLevel2Stale(state, 'unsubscribed');
  }

  /** Starts a level-3 sync for `productId` (it waits for {@link level3Subscribed}). */
  watchLevel3(productId: string): void {
    const source = this.#level3Source;
    if (!source || this.#level3.has(productId)) return;
    const host = this.#host;
    const sync = new Level3Sync(
      productId,
      source,
      {
        stale: (id, reason) => host.emit('stale', { kind: 'book', book: 'level3', productId: id, reason }),
        synced: (id, sequence) => {
          this.#level3.get(id)?.check.reset();
          host.emit('book-synced', { book: 'level3', productId: id, sequence });
        },
        error: (error) => host.emit('error', error),
      },
      {
        clock: this.#clock,
        ...(this.#maxBufferedMessages === undefined
          ? {}
          : { maxBufferedMessages: this.#maxBufferedMessages }),
      },
    );
    this.#level3.set(productId, { sync, check: new TickerCheck(this.#graceUpdates ?? 0) });
  }

  unwatchLevel3(productId: string): void {
    const state = this.#level3.get(productId);
    if (!state) return;
    this.#level3.delete(productId);
    state.sync.stop('unsubscribed');
  }

  /** The server confirmed `full` for these products: their syncs may fetch snapshots now. */
  level3Subscribed(productIds: Iterable<string>): void {
    for (const productId of productIds) this.#level3.get(productId)?.sync.subscribed();
  }

  /** The connection dropped: every book is stale until the new connection resyncs it. */
  connectionLost(): void {
    for (const state of this.#level2.values()) {
      state.resyncing = true;
      this.#markLevel2Stale(state, 'reconnect');
    }
    for (const state of this.#level3.values()) {
      state.check.reset();
      state.sync.interrupt('reconnect');
    }
  }

  close(): void {
    for (const productId of [...this.#level2.keys()]) this.unwatchLevel2(productId);
    for (const productId of [...this.#level3.keys()]) this.unwatchLevel3(productId);
  }

  onLevel2Snapshot(message: Level2SnapshotMessage): void {
    const state = this.#level2.get(message.product_id);
    if (!state) return;
    state.resyncing = false;
    state.check.reset();
    try {
      state.book.applySnapshot(message);
    } catch (error) {
      this.#host.emit('error', asWebSocketError(error));
      this.#resyncLevel2(state, 'invalid-update');
      return;
    }
    if (state.book.isCrossed()) {
      this.#resyncLevel2(state, 'crossed');
      return;
    }
    this.#host.emit('book-synced', { book: 'level2', productId: message.product_id, sequence: undefined });
  }

  onLevel2Update(message: Level2UpdateMessage): void {
    const state = this.#level2.get(message.product_id);
    if (!state?.book.trusted) return;
    const book = state.book;
    try {
      book.applyUpdate(message);
    } catch (error) {
      this.#host.emit('error', asWebSocketError(error));
      this.#resyncLevel2(state, 'invalid-update');
      return;
    }
    if (book.isCrossed()) this.#resyncLevel2(state, 'crossed');
    else if (state.check.onBookUpdate(book)) this.#resyncLevel2(state, 'ticker-mismatch');
  }

  onTicker(message: TickerMessage): void {
    if (this.#graceUpdates === undefined) return;
    const level2 = this.#level2.get(message.product_id);
    if (level2?.book.trusted && level2.check.onTicker(message, level2.book)) {
      this.#resyncLevel2(level2, 'ticker-mismatch');
    }
    const level3 = this.#level3.get(message.product_id);
    if (level3?.sync.alignedWithStream && level3.check.onTicker(message, level3.sync.book)) {
      level3.sync.resync('ticker-mismatch');
    }
  }

  /** A `full` message with a sequence, already judged by the sequence tracker. */
  onFullMessage(message: FullChannelMessage): void {
    const state = this.#level3.get(message.product_id);
    if (!state) return;
    state.sync.handle(message);
    if (state.sync.alignedWithStream && state.check.onBookUpdate(state.sync.book)) {
      state.sync.resync('ticker-mismatch');
    }
  }

  onHeartbeat(message: HeartbeatMessage): void {
    this.#level3.get(message.product_id)?.sync.heartbeat(message.sequence);
  }

  #resyncLevel2(state: Level2State, reason: BookStaleReason): void {
    this.#markLevel2Stale(state, reason);
    state.check.reset();
    if (state.resyncing) return;
    state.resyncing = true;
    this.#host.requestLevel2Snapshot(state.channel, state.book.productId);
  }

  #markLevel2Stale(state: Level2State, reason: BookStaleReason): void {
    state.book.markStale(reason);
    this.#host.emit('stale', { kind: 'book', book: 'level2', productId: state.book.productId, reason });
  }
}
