import { type CancelTimer, type Clock, systemClock } from '@tradeloop/clock';
import { asWebSocketError, BookSnapshotError, type WebSocketError } from '../errors.js';
import type { FullChannelMessage } from '../messages.js';
import type { BookStaleReason } from './book-types.js';
import { BoundedQueue } from './bounded-queue.js';
import { Level3Book, type Level3Snapshot } from './level3-book.js';

/** Fetches the level-3 book of a product, e.g. `GET /products/{id}/book?level=3`. */
export type Level3SnapshotSource = (productId: string) => Promise<Level3Snapshot>;

/** What a {@link Level3Sync} reports to its owner. */
export interface Level3SyncListener {
  stale(productId: string, reason: BookStaleReason): void;
  synced(productId: string, sequence: number): void;
  error(error: WebSocketError): void;
}

/** Options of {@link Level3Sync}. */
export interface Level3SyncOptions {
  /** Most messages held while a snapshot is fetched (oldest dropped beyond). Default 50 000. */
  maxBufferedMessages?: number;
  /** First retry delay after a failed snapshot, doubling to 10 s. Default 250 ms. */
  retryDelayMs?: number;
  /** The clock the retry delays run on. Default `systemClock`. */
  clock?: Clock;
}

type State = 'waiting' | 'syncing' | 'live' | 'stopped';

const MAX_RETRY_DELAY_MS = 10_000;

/**
 * Keeps one product's {@link Level3Book} equal to the exchange's: buffer the `full` stream, fetch
 * a level-3 snapshot, drop buffered messages the snapshot already holds, apply the rest, and start
 * over on any gap. A resync REPLACES the book with the new snapshot; nothing is merged.
 *
 * States: `waiting` (subscription not confirmed yet; buffering), `syncing` (snapshot in flight;
 * buffering), `live` (applying), `stopped`.
 */
export class Level3Sync {
  readonly book: Level3Book;
  readonly #source: Level3SnapshotSource;
  readonly #listener: Level3SyncListener;
  readonly #buffer: BoundedQueue<FullChannelMessage>;
  readonly #retryDelayMs: number;
  readonly #clock: Clock;
  #state: State = 'waiting';
  /** Bumped on every restart, so a snapshot from an abandoned attempt is ignored. */
  #generation = 0;
  #cancelRetry: CancelTimer | undefined;
  #failures = 0;
  #overflowReported = false;
  #loads = 0;
  #lastSeenSequence = -1;

  constructor(
    productId: string,
    source: Level3SnapshotSource,
    listener: Level3SyncListener,
    options: Level3SyncOptions = {},
  ) {
    this.book = new Level3Book(productId);
    this.#source = source;
    this.#listener = listener;
    this.#buffer = new BoundedQueue(options.maxBufferedMessages ?? 50_000);
    this.#retryDelayMs = options.retryDelayMs ?? 250;
    this.#clock = options.clock ?? systemClock;
  }

  get state(): State {
    return this.#state;
  }

  /** Messages buffered right now. */
  get buffered(): number {
    return this.#buffer.length;
  }

  /**
   * True when the book reflects exactly the stream received so far. Right after a snapshot that
   * is newer than the stream (the feed lags the REST book), the book is ahead until the stream
   * catches up, and stream-time comparisons (ticker) do not apply.
   */
  get alignedWithStream(): boolean {
    return this.#state === 'live' && this.book.sequence <= this.#lastSeenSequence;
  }

  /** Snapshot loads after the first (each one a replacement after a problem). */
  get resyncs(): number {
    return Math.max(0, this.#loads - 1);
  }

  /** The stream was interrupted (e.g. reconnect): mark stale and wait for {@link subscribed}. */
  interrupt(reason: BookStaleReason): void {
    if (this.#state === 'stopped') return;
    this.#lastSeenSequence = -1;
    this.#restart(reason);
    this.#state = 'waiting';
  }

  /** The `full` subscription is confirmed: fetch a snapshot if one is needed. */
  subscribed(): void {
    if (this.#state !== 'waiting') return;
    this.#state = 'syncing';
    this.#fetch(this.#generation);
  }

  /** Feeds one `full` message of this product. */
  handle(message: FullChannelMessage): void {
    const sequence = (message as { sequence?: number }).sequence;
    if (sequence !== undefined && sequence > this.#lastSeenSequence) this.#lastSeenSequence = sequence;
    const state = this.#state;
    if (state === 'live') {
      const result = this.#apply(message);
      if (result === 'gap') this.resync('gap', message);
      return;
    }
    if (state === 'stopped') return;
    if (!this.#buffer.push(message) && !this.#overflowReported) {
      this.#overflowReported = true;
      this.#listener.stale(this.book.productId, 'buffer-overflow');
    }
  }

  /** A heartbeat carries the product's latest sequence: beyond the book's means messages were lost. */
  heartbeat(sequence: number): void {
    if (this.#state === 'live' && sequence > this.book.sequence) this.resync('gap');
  }

  /** Starts over now: mark stale, fetch a new snapshot (keeping `pending` as the first buffered message). */
  resync(reason: BookStaleReason, pending?: FullChannelMessage): void {
    if (this.#state === 'stopped') return;
    const waiting = this.#state === 'waiting';
    this.#restart(reason);
    if (pending) this.#buffer.push(pending);
    if (waiting) {
      this.#state = 'waiting';
      return;
    }
    this.#state = 'syncing';
    this.#fetch(this.#generation);
  }

  /** Stops for good (unsubscribed or feed closed). */
  stop(reason: BookStaleReason = 'unsubscribed'): void {
    this.#restart(reason);
    this.#state = 'stopped';
  }

  #restart(reason: BookStaleReason): void {
    this.#generation += 1;
    this.#cancelRetry?.();
    this.#cancelRetry = undefined;
    this.#buffer.clear();
    this.#overflowReported = false;
    const wasTrusted = this.book.trusted;
    this.book.markStale(reason);
    if (wasTrusted || reason !== 'awaiting-snapshot') this.#listener.stale(this.book.productId, reason);
  }

  #fetch(generation: number): void {
    let request: Promise<Level3Snapshot>;
    try {
      request = Promise.resolve(this.#source(this.book.productId));
    } catch (error) {
      request = Promise.reject(error);
    }
    request.then(
      (snapshot) => {
        if (generation === this.#generation) this.#load(snapshot, generation);
      },
      (error: unknown) => {
        if (generation !== this.#generation) return;
        this.#report(new BookSnapshotError(this.book.productId, { cause: error }));
        this.book.markStale('snapshot-failed');
        this.#listener.stale(this.book.productId, 'snapshot-failed');
        this.#retryLater(generation);
      },
    );
  }

  #retryLater(generation: number): void {
    this.#failures += 1;
    const delay = Math.min(MAX_RETRY_DELAY_MS, this.#retryDelayMs * 2 ** Math.min(this.#failures - 1, 20));
    this.#cancelRetry = this.#clock.setTimer(delay, () => {
      this.#cancelRetry = undefined;
      if (generation === this.#generation) this.#fetch(generation);
    });
  }

  #load(snapshot: Level3Snapshot, generation: number): void {
    if (!isSnapshot(snapshot)) {
      this.#report(
        new BookSnapshotError(this.book.productId, {
          cause: new TypeError('expected { sequence: number, bids: [], asks: [] }'),
        }),
      );
      this.#retryLater(generation);
      return;
    }
    const buffered = this.#buffer.drain();
    let start = 0;
    while (start < buffered.length && sequenceOf(buffered[start]) <= snapshot.sequence) start += 1;
    const first = buffered[start];
    if (first !== undefined && sequenceOf(first) > snapshot.sequence + 1) {
      // The snapshot is older than the oldest message kept: what lies between is lost. Fetch again,
      // keeping the buffer.
      for (const message of buffered.slice(start)) this.#buffer.push(message);
      this.#retryLater(generation);
      return;
    }
    try {
      this.book.loadSnapshot(snapshot);
    } catch (error) {
      this.#report(error);
      this.#retryLater(generation);
      return;
    }
    this.#failures = 0;
    for (let index = start; index < buffered.length; index += 1) {
      const message = buffered[index] as FullChannelMessage;
      const result = this.#apply(message);
      if (result === undefined) return;
      if (result === 'gap') {
        this.resync('gap', message);
        // Keep what came after the gap too: the next snapshot may already hold it.
        for (const rest of buffered.slice(index + 1)) this.#buffer.push(rest);
        return;
      }
    }
    if (this.#state !== 'syncing' || generation !== this.#generation) return;
    this.#state = 'live';
    this.#loads += 1;
    this.#listener.synced(this.book.productId, this.book.sequence);
  }

  /**
   * Applies one message to the book; a message the book refuses is reported and starts a resync,
   * and `undefined` tells the caller to stop. Serves the live path and the buffer replay.
   */
  #apply(message: FullChannelMessage): ReturnType<Level3Book['apply']> | undefined {
    try {
      return this.book.apply(message);
    } catch (error) {
      this.#report(error);
      this.resync('invalid-update');
      return undefined;
    }
  }

  #report(error: unknown): void {
    this.#listener.error(asWebSocketError(error));
  }
}

function sequenceOf(message: FullChannelMessage | undefined): number {
  return message !== undefined && 'sequence' in message && typeof message.sequence === 'number'
    ? message.sequence
    : Number.NEGATIVE_INFINITY;
}

function isSnapshot(value: unknown): value is Level3Snapshot {
  if (typeof value !== 'object' || value === null) return false;
  const snapshot = value as Record<string, unknown>;
  return (
    typeof snapshot.sequence === 'number' &&
    Number.isInteger(snapshot.sequence) &&
    Array.isArray(snapshot.bids) &&
    Array.isArray(snapshot.asks)
  );
}
