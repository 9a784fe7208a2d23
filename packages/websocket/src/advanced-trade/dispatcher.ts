import type WebSocket from 'ws';
import { Level2Book } from '../books/level2-book.js';
import { asWebSocketError, MalformedFrameError, ServerErrorMessageError } from '../errors.js';
import type { AdvancedTradeEmit } from './feed-events.js';
import type { FillDeriver } from './fill-deriver.js';
import type { AdvancedTradeEnvelope, Level2DataEvent, UserEvent } from './messages.js';
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

  onFrame(data: WebSocket.RawData, isBinary: boolean): void {
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as Buffer).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.#emit(
        'error',
        new MalformedFrameError(
          `expected a JSON message${isBinary ? ' (text frame)' : ''}, received unparsable text`,
          text.slice(0, 120),
          { cause: error },
        ),
      );
      return;
    }
    if (typeof parsed !== 'object' || parsed === null) {
      this.#emit('error', new MalformedFrameError('expected a JSON object', text.slice(0, 120)));
      return;
    }
    const record = parsed as Record<string, unknown>;
    if (record.type === 'error') {
      const error = new ServerErrorMessageError(
        String(record.message ?? ''),
        typeof record.reason === 'string' ? record.reason : undefined,
      );
      this.#requests().refused(error);
      this.#emit('error', error);
      return;
    }
    if (
      typeof record.channel !== 'string' ||
      !Array.isArray(record.events) ||
      typeof record.sequence_num !== 'number'
    ) {
      this.#emit(
        'error',
        new MalformedFrameError('expected {channel, sequence_num, events}', text.slice(0, 120)),
      );
      return;
    }
    const message = record as unknown as AdvancedTradeEnvelope;
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
    if (event.type === 'snapshot') {
      const bids: Array<[string, string]> = [];
      const asks: Array<[string, string]> = [];
      for (const update of event.updates)
        (update.side === 'bid' ? bids : asks).push([update.price_level, update.new_quantity]);
      book.applySnapshot({ bids, asks, time: event.updates[0]?.event_time });
      this.#emit('book-synced', { book: 'level2', productId: event.product_id, sequence: undefined });
      return;
    }
    if (!book.trusted) return;
    try {
      book.applyUpdate({
        changes: event.updates.map((update) => [
          update.side === 'bid' ? 'buy' : 'sell',
          update.price_level,
          update.new_quantity,
        ]),
        time: event.updates[0]?.event_time,
      });
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
