import type WebSocket from 'ws';
import { Level2Book } from '../books/level2-book.js';
import { asWebSocketError, ServerErrorMessageError } from '../errors.js';
import type { AdvancedTradeEmit } from './feed-events.js';
import type { FillDeriver } from './fill-deriver.js';
import { applyLevel2Data } from './level2-data.js';
import type { AdvancedTradeEnvelope, Level2DataEvent, UserEvent } from './messages.js';
import { type AdvancedTradeMessage, parseAdvancedTradeMessage } from './parse-message.js';
import type { AdvancedTradeRequests } from './subscription-requests.js';

const CHANNEL_EVENTS = new Set([
  'ticker',
  'ticker_batch',
  'market_trades',
  'candles',
  'status',
  'heartbeats',
]);

/**
 * Reads every frame of the Advanced Trade feed: checks `sequence_num` (per connection; a jump
 * marks the books stale and resubscribes `level2` and `user`), keeps the level-2 books from
 * `l2_data`, derives fills from `user`, and emits one typed event per channel message.
 */
export class AdvancedTradeDispatcher {
  readonly #emit: AdvancedTradeEmit;
  readonly #requests: () => AdvancedTradeRequests;
  readonly #fills: FillDeriver;
  readonly books = new Map<string, Level2Book>();
  #lastSequence: number | undefined;

  constructor(emit: AdvancedTradeEmit, requests: () => AdvancedTradeRequests, fills: FillDeriver) {
    this.#emit = emit;
    this.#requests = requests;
    this.#fills = fills;
  }

  /** A new socket: sequence numbers start again. */
  connectionChanged(): void {
    this.#lastSequence = undefined;
  }

  /** The books of these products wait for a new snapshot. */
  awaitSnapshots(productIds: readonly string[], reason: 'awaiting-snapshot' | 'gap' | 'reconnect'): void {
    for (const productId of productIds) {
      let book = this.books.get(productId);
      if (book === undefined) {
        book = new Level2Book(productId);
        this.books.set(productId, book);
      } else if (book.trusted) {
        book.markStale(reason);
        this.#emit('stale', { kind: 'book', book: 'level2', productId, reason });
      }
    }
  }

  /** Every book is doubtful once the socket is gone. */
  connectionLost(): void {
    this.awaitSnapshots([...this.books.keys()], 'reconnect');
  }

  onFrame(data: WebSocket.RawData): void {
    // A Buffer (ws's default) is decoded in place; `Buffer.from` of one would copy every frame.
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.from(data).toString('utf8');
    let message: AdvancedTradeMessage;
    try {
      message = parseAdvancedTradeMessage(text);
    } catch (error) {
      this.#emit('error', asWebSocketError(error));
      return;
    }
    if ('type' in message) {
      const error = new ServerErrorMessageError(message.message, message.reason);
      this.#requests().refused(error);
      this.#emit('error', error);
      return;
    }
    try {
      this.#dispatch(message);
    } catch (error) {
      this.#emit('error', asWebSocketError(error));
    }
  }

  #dispatch(message: AdvancedTradeEnvelope): void {
    const gap = this.#checkSequence(message.sequence_num);
    this.#emit('message', message);
    if (message.channel === 'subscriptions') {
      this.#requests().confirmed();
    } else if (message.channel === 'l2_data') {
      for (const event of message.events as Level2DataEvent[]) {
        this.#applyLevel2(event);
        this.#emit('l2_data', event, message);
      }
    } else if (message.channel === 'user') {
      for (const event of message.events as UserEvent[]) {
        this.#emit('user', event, message);
        for (const order of event.orders ?? []) {
          const fill = this.#fills.observe(order, event.type === 'snapshot');
          if (fill !== undefined) this.#emit('fill-derived', fill);
        }
      }
    } else if (CHANNEL_EVENTS.has(message.channel)) {
      const name = message.channel as 'ticker';
      for (const event of message.events as never[]) this.#emit(name, event, message);
    }
    if (gap !== undefined) this.#resync(gap);
  }

  #checkSequence(sequence: number): { expected: number; received: number } | undefined {
    const last = this.#lastSequence;
    this.#lastSequence = sequence;
    if (last === undefined || sequence === last + 1) return undefined;
    if (sequence <= last) return undefined; // a replay: nothing lost
    return { expected: last + 1, received: sequence };
  }

  #resync(gap: { expected: number; received: number }): void {
    this.#emit('gap-detected', gap);
    // The lost message may have been any channel's: the book and the order totals are resynced.
    this.awaitSnapshots([...this.books.keys()], 'gap');
    this.#requests().resync('level2');
    this.#requests().resync('user');
  }

  #applyLevel2(event: Level2DataEvent): void {
    const book = this.books.get(event.product_id);
    if (book === undefined) return;
    if (event.type !== 'snapshot' && !book.trusted) return;
    try {
      if (applyLevel2Data(book, event) === 'snapshot')
        this.#emit('book-synced', { book: 'level2', productId: event.product_id, sequence: undefined });
    } catch (error) {
      book.markStale('invalid-update');
      this.#emit('stale', {
        kind: 'book',
        book: 'level2',
        productId: event.product_id,
        reason: 'invalid-update',
      });
      this.#emit('error', asWebSocketError(error));
      this.#requests().resync('level2');
    }
  }
}
