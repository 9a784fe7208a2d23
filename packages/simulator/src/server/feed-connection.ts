import type { Caller } from '../exchange/contract.js';
import { FeedSocket } from './feed-socket.js';
import { SubscriptionSet } from './subscriptions.js';

/** One WebSocket client of the Exchange feed: its subscriptions, and who it authenticated as. */
export class FeedConnection extends FeedSocket {
  readonly subscriptions = new SubscriptionSet();
  /** Set by the last authenticated subscribe; the `user` channel and private fields follow it. */
  caller: Caller | undefined;

  /** Sends one JSON message: an object, or UTF-8 bytes serialized once for many receivers. */
  send(message: Record<string, unknown> | Buffer): void {
    this.write(Buffer.isBuffer(message) ? message : JSON.stringify(message));
  }
}
