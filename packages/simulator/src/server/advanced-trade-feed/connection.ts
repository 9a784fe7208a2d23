import type { WebSocket } from 'ws';
import type { Caller } from '../../exchange/contract.js';
import { FeedSocket, type FeedSocketSettings } from '../feed-socket.js';

/**
 * One client of the Advanced Trade WebSocket: its channels (each with the products it asked for;
 * an empty set means every product, as `user` and `heartbeats` allow), who its last valid JWT
 * named, and the per-connection `sequence_num` every message carries.
 */
export class AdvancedTradeConnection extends FeedSocket {
  /** Which endpoint it connected to: market data or user order data. */
  readonly endpoint: 'market' | 'user';
  readonly channels = new Map<string, Set<string>>();
  caller: Caller | undefined;
  heartbeatCounter = 0;
  #sequence = 0;

  constructor(socket: WebSocket, endpoint: 'market' | 'user', settings: FeedSocketSettings) {
    super(socket, settings);
    this.endpoint = endpoint;
  }

  /** True when the connection takes `channel` messages about `productId`. */
  wants(channel: string, productId: string): boolean {
    const products = this.channels.get(channel);
    return products !== undefined && (products.size === 0 || products.has(productId));
  }

  /** Sends one message in Advanced Trade's envelope; returns the `sequence_num` it used. */
  send(channel: string, events: unknown[], timestamp: string): number {
    const sequence = this.#sequence++;
    this.write(JSON.stringify({ channel, client_id: '', timestamp, sequence_num: sequence, events }));
    return sequence;
  }

  /** Uses up a `sequence_num` without sending: a dropped-message fault leaves a visible gap. */
  skipSequence(): void {
    this.#sequence++;
  }

  /** A bare protocol error (`{type:"error", message}`), as Coinbase answers a bad subscribe. */
  sendError(message: string): void {
    this.write(JSON.stringify({ type: 'error', message }));
  }
}
