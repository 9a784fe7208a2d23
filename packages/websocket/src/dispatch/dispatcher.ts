import type WebSocket from 'ws';
import type { FeedBooks } from '../books/feed-books.js';
import type { MessageRole } from '../channels/channel.js';
import { asWebSocketError, MalformedFrameError } from '../errors.js';
import type { FeedEmit } from '../feed-events.js';
import type {
  ActivateMessage,
  ErrorMessage,
  FeedMessage,
  FullChannelMessage,
  HeartbeatMessage,
  Level2SnapshotMessage,
  Level2UpdateMessage,
  SubscriptionsMessage,
  TickerMessage,
} from '../messages.js';
import type { SubscriptionRequests } from '../subscriptions/subscription-requests.js';
import { describeFeedMessage, parseFrameObject } from './parse-message.js';
import type { SequenceGap, SequenceTracker } from './sequence-tracker.js';

/** What the dispatcher hands messages to. */
export interface DispatcherParts {
  books: FeedBooks;
  tracker: SequenceTracker;
  subscriptions: SubscriptionRequests;
  emit: FeedEmit;
  /** Emits a message as `message` and as its own type (guarded like `emit`). */
  emitMessage(message: FeedMessage): void;
}

/**
 * Turns frames into messages and sends each where its descriptor's role says (books, sequence
 * checks, request replies), then emits it as `message` and as its own event. Nothing it meets
 * is thrown: a bad frame or a failing handler becomes an `error` event.
 */
export class Dispatcher {
  readonly #parts: DispatcherParts;

  constructor(parts: DispatcherParts) {
    this.#parts = parts;
  }

  /** One frame from the socket. */
  onFrame(data: WebSocket.RawData, isBinary: boolean): void {
    let message: FeedMessage;
    let role: MessageRole | undefined;
    try {
      if (isBinary) {
        throw new MalformedFrameError('expected a text frame, received a binary frame', '');
      }
      const text =
        typeof data === 'string'
          ? data
          : Array.isArray(data)
            ? Buffer.concat(data).toString()
            : data.toString();
      // Parsed and checked once; the type's descriptor comes back with it, so it is looked up once.
      const parsed = parseFrameObject(text);
      role = describeFeedMessage(parsed, text).role;
      message = parsed as unknown as FeedMessage;
    } catch (error) {
      this.#parts.emit('error', asWebSocketError(error));
      return;
    }
    try {
      this.#dispatch(message, role);
    } catch (error) {
      this.#parts.emit('error', asWebSocketError(error));
    }
  }

  #dispatch(message: FeedMessage, role: MessageRole | undefined): void {
    const parts = this.#parts;
    // Trades and order messages first: a trade is the message a strategy reacts to soonest.
    switch (role) {
      case 'order':
        if (!this.#onOrderMessage(message as FullChannelMessage)) return;
        break;
      case 'level2-update':
        parts.books.onLevel2Update(message as Level2UpdateMessage);
        break;
      case 'level2-snapshot':
        parts.books.onLevel2Snapshot(message as Level2SnapshotMessage);
        break;
      case 'ticker':
        parts.books.onTicker(message as TickerMessage);
        break;
      case 'heartbeat':
        this.#onHeartbeat(message as HeartbeatMessage);
        break;
      case 'subscription-reply':
        parts.subscriptions.answered(message as SubscriptionsMessage);
        break;
      case 'server-error':
        // Reported as a typed error, never emitted as a message.
        parts.subscriptions.refused(message as ErrorMessage);
        return;
      case 'order-activation':
        parts.emit('order-updated', message as ActivateMessage);
        break;
      default:
        break;
    }
    parts.emitMessage(message);
  }

  #onHeartbeat(message: HeartbeatMessage): void {
    const { books, emit, subscriptions, tracker } = this.#parts;
    if (!subscriptions.feedsBook('level3', message.product_id)) return;
    if (tracker.observeHeartbeat(message.product_id, message.sequence) === 'gap') {
      emit('gap-detected', tracker.lastProblem as SequenceGap);
    }
    books.onHeartbeat(message);
  }

  /** Tracks the sequence, feeds the level-3 book; false for a duplicate or stale message (ignored). */
  #onOrderMessage(message: FullChannelMessage): boolean {
    const parts = this.#parts;
    const sequence = (message as { sequence?: number }).sequence;
    const productId = message.product_id;
    if (typeof sequence === 'number' && parts.subscriptions.feedsBook('level3', productId)) {
      const tracker = parts.tracker;
      const verdict = tracker.observe(productId, sequence);
      if (verdict !== 'next' && verdict !== 'first') {
        parts.emit('gap-detected', tracker.lastProblem as SequenceGap);
        if (verdict !== 'gap') return false;
      }
      parts.books.onFullMessage(message);
    }
    if ('user_id' in message || 'profile_id' in message) parts.emit('order-updated', message);
    return true;
  }
}
