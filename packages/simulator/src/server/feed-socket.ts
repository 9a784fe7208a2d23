import { WebSocket } from 'ws';
import type { TokenBuckets } from './rate-limits.js';

/** How the shared WebSocket handling sets up each new connection, whatever its protocol. */
export interface FeedSocketSettings {
  /** Unique per connection. */
  id: string;
  /** Unsent bytes beyond which the reader counts as too slow. */
  maxBufferedBytes: number;
  onSlowConsumer: (connection: FeedSocket) => void;
  inboundLimit?: TokenBuckets;
}

/**
 * What every feed connection shares, whatever its protocol: its socket, a unique id, the
 * subscribe deadline, the limit on inbound messages, and sending that never buffers without
 * bound (a reader too slow to keep up is handed to `onSlowConsumer`).
 */
export class FeedSocket {
  readonly socket: WebSocket;
  /** A key for per-connection limits and log lines; unique per connection. */
  readonly id: string;
  /** Closes the connection when it has not subscribed in time; cleared by the first subscribe. */
  subscribeTimer: NodeJS.Timeout | undefined;
  readonly inboundLimit: TokenBuckets | undefined;
  readonly #maxBufferedBytes: number;
  readonly #onSlowConsumer: (connection: FeedSocket) => void;

  constructor(socket: WebSocket, settings: FeedSocketSettings) {
    this.socket = socket;
    this.id = settings.id;
    this.#maxBufferedBytes = settings.maxBufferedBytes;
    this.#onSlowConsumer = settings.onSlowConsumer;
    this.inboundLimit = settings.inboundLimit;
  }

  /** Marks the first subscribe: the connection is no longer closed for staying silent. */
  subscribed(): void {
    clearTimeout(this.subscribeTimer);
  }

  /**
   * Writes one text frame: a string, or UTF-8 bytes serialized once for many receivers (a Buffer
   * spares `ws` one string-to-bytes conversion per receiver). Nothing is written to a closed socket.
   */
  protected write(data: string | Buffer): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.#maxBufferedBytes) {
      this.#onSlowConsumer(this);
      return;
    }
    if (Buffer.isBuffer(data)) this.socket.send(data, { binary: false });
    else this.socket.send(data);
  }
}
