import { type CancelTimer, type Clock, systemClock } from '@tradeloop/clock';
import type { SubscriptionsMessage } from '../messages.js';
import type { ChannelSelection } from './subscriptions.js';

/** How a caller's `subscribe` / `unsubscribe` promise is settled. */
export interface Settle {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** A subscribe or unsubscribe on the wire, waiting for its reply. */
export interface SentRequest {
  kind: 'subscribe' | 'unsubscribe';
  /** The caller's promise (internal requests have none). */
  settle?: Settle;
  /** What a subscribe added to the wanted set, to take back if the server refuses it. */
  added?: ChannelSelection[];
  /** Run when the server confirms. */
  confirmed?: (reply: SubscriptionsMessage) => void;
}

interface Entry {
  request: SentRequest;
  cancelTimer: CancelTimer;
}

/**
 * The feed's requests and their replies. Coinbase answers subscribes and unsubscribes in order,
 * without ids, so the oldest request sent on the connection owns the next reply. Callers whose
 * subscription waits for a connection (not open yet, or lost mid-request) are kept apart and
 * settled by the next (re)subscription.
 */
export class RequestQueue {
  readonly #timeoutMs: number;
  readonly #onTimeout: (request: SentRequest) => void;
  readonly #clock: Clock;
  #sent: Entry[] = [];
  #waiting: Settle[] = [];

  constructor(timeoutMs: number, onTimeout: (request: SentRequest) => void, clock: Clock = systemClock) {
    this.#timeoutMs = timeoutMs;
    this.#onTimeout = onTimeout;
    this.#clock = clock;
  }

  /** Records a request just sent; `onTimeout` fires if no reply comes in time. */
  sent(request: SentRequest): void {
    const entry: Entry = {
      request,
      cancelTimer: this.#clock.setTimer(this.#timeoutMs, () => {
        const index = this.#sent.indexOf(entry);
        if (index < 0) return;
        this.#sent.splice(index, 1);
        this.#onTimeout(request);
      }),
    };
    this.#sent.push(entry);
  }

  /** The request the server just answered (the oldest), if any. */
  answered(): SentRequest | undefined {
    const entry = this.#sent.shift();
    if (!entry) return undefined;
    entry.cancelTimer();
    return entry.request;
  }

  /** Parks a caller until the next (re)subscription settles it. */
  waitForConnection(settle: Settle): void {
    this.#waiting.push(settle);
  }

  /** Takes every parked caller. */
  takeWaiting(): Settle[] {
    return this.#waiting.splice(0);
  }

  /**
   * The connection died with requests in flight: a caller's subscribe is still wanted and is
   * parked for the resubscription; an unsubscribe is already true of a closed connection.
   */
  connectionLost(): void {
    for (const { request, cancelTimer } of this.#sent.splice(0)) {
      cancelTimer();
      if (!request.settle) continue;
      if (request.kind === 'subscribe') this.#waiting.push(request.settle);
      else request.settle.resolve();
    }
  }

  /** Rejects everything (the feed is closing for good). */
  failAll(error: Error): void {
    for (const { request, cancelTimer } of this.#sent.splice(0)) {
      cancelTimer();
      request.settle?.reject(error);
    }
    for (const settle of this.#waiting.splice(0)) settle.reject(error);
  }
}
