import { WebSocket } from 'ws';
import type { Caller } from '../exchange/contract.js';
import type { TokenBuckets } from './rate-limits.js';
import { SubscriptionSet } from './subscriptions.js';

/** One WebSocket client of the feed: its socket, its subscriptions, and who it authenticated as. */
export class FeedConnection {
  readonly socket: WebSocket;
  /** A key for per-connection limits; unique per connection. */
  readonly id: string;
  readonly subscriptions = new SubscriptionSet();
  /** Set by the last authenticated subscribe; the `user` channel and private fields follow it. */
  caller: Caller | undefined;
  subscribeTimer: NodeJS.Timeout | undefined;
  readonly #maxBufferedBytes: number;
  readonly #onSlowConsumer: (connection: FeedConnection) => void;
  readonly inboundLimit: TokenBuckets | undefined;

  constructor(
    socket: WebSocket,
    id: string,
    maxBufferedBytes: number,
    onSlowConsumer: (connection: FeedConnection) => void,
    inboundLimit: TokenBuckets | undefined,
  ) {
    this.socket = socket;
    this.id = id;
    this.#maxBufferedBytes = maxBufferedBytes;
    this.#onSlowConsumer = onSlowConsumer;
    this.inboundLimit = inboundLimit;
  }

  /**
   * Sends one JSON message: an object, or UTF-8 bytes serialized once for many receivers (a
   * Buffer spares `ws` one string-to-bytes conversion per receiver).
   */
  send(message: Record<string, unknown> | Buffer): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.#maxBufferedBytes) {
      this.#onSlowConsumer(this);
      return;
    }
    if (Buffer.isBuffer(message)) this.socket.send(message, { binary: false });
    else this.socket.send(JSON.stringify(message));
  }
}
