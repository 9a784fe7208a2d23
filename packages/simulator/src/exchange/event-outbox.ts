import { ExchangeListenerError } from '../simulator-errors.js';
import type { ExchangeEvent } from './contract.js';

/** Receives every event the exchange publishes. */
export type ExchangeListener = (event: ExchangeEvent) => void;

/**
 * The exchange's events on their way out. A command queues its events as it goes; they are
 * delivered once the command is complete, when the books and balances are consistent, so a
 * listener may itself place or cancel orders: the events of such a nested command are appended
 * and delivered by the same loop, in order.
 */
export class EventOutbox {
  private listeners = new Set<ExchangeListener>();
  private readonly queue: ExchangeEvent[] = [];
  private delivering = false;

  /**
   * @param reportListenerError told when a listener throws; delivery goes on with the next
   *   listener, so one broken subscriber cannot stop the exchange or starve the others.
   */
  constructor(private readonly reportListenerError: (error: ExchangeListenerError) => void) {}

  /** True when someone listens: commands skip building events nobody would receive. */
  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  /**
   * Adds a listener (`first`: ahead of every listener added so far, e.g. to time an event before
   * the servers' feeds spend time sending it); returns the function that removes it.
   */
  subscribe(listener: ExchangeListener, first = false): () => void {
    if (first) this.listeners = new Set([listener, ...this.listeners]);
    else this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Queues an event; {@link EventOutbox.deliver} hands it to the listeners. */
  publish(event: ExchangeEvent): void {
    this.queue.push(event);
  }

  /**
   * Delivers the queued events in order (a no-op when called from inside a listener). Should the
   * error report itself throw, that error reaches the caller and the events not yet delivered stay
   * queued for the next delivery.
   */
  deliver(): void {
    if (this.delivering) return;
    this.delivering = true;
    const queue = this.queue;
    let index = 0;
    try {
      for (; index < queue.length; index += 1) {
        const event = queue[index] as ExchangeEvent;
        for (const listener of this.listeners) {
          try {
            listener(event);
          } catch (error) {
            this.reportListenerError(new ExchangeListenerError(event, error));
          }
        }
      }
      queue.length = 0;
    } finally {
      this.delivering = false;
      if (queue.length > 0) queue.splice(0, index + 1);
    }
  }
}
