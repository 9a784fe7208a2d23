import type { ExchangeEvent } from '../exchange/contract.js';
import type { ServerContext } from './context.js';
import { describeError } from './describe-error.js';

/** How often both feeds send their heartbeats. */
export const heartbeatIntervalMs = 1000;

/** A periodic channel task of a feed. */
export interface PeriodicTask {
  everyMs: number;
  run: () => void;
}

/** What a feed's runner needs to reach: its open connections' sockets. */
export interface RunnableConnection {
  readonly socket: { terminate(): void };
}

/**
 * What both feeds (Exchange and Advanced Trade) run the same way: the exchange's events routed to
 * the feed (an exception is logged, never thrown into the engine), the periodic channel tasks (an
 * exception is logged, never thrown into a timer), and the connection-dropping fault, re-armed
 * when the fault settings change. Stopping terminates every connection the feed holds.
 */
export class FeedRunner {
  readonly #context: ServerContext;
  readonly #label: string;
  readonly #connections: () => Iterable<RunnableConnection>;
  readonly #timers: NodeJS.Timeout[] = [];
  #dropTimer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(context: ServerContext, label: string, connections: () => Iterable<RunnableConnection>) {
    this.#context = context;
    this.#label = label;
    this.#connections = connections;
  }

  /** Starts routing exchange events to `route`, the periodic tasks, and the drop fault. */
  start(route: (event: ExchangeEvent) => void, tasks: readonly PeriodicTask[]): void {
    this.#unsubscribe = this.#context.exchange.onEvent((event) => {
      try {
        route(event);
      } catch (error) {
        this.#context.log(`${this.#label}: failed to route a ${event.kind} event: ${describeError(error)}`);
      }
    });
    for (const task of tasks) this.#every(task);
    this.rescheduleConnectionDrops();
  }

  /** (Re)arms the connection-dropping fault after the fault settings changed. */
  rescheduleConnectionDrops(): void {
    if (this.#dropTimer) clearInterval(this.#dropTimer);
    this.#dropTimer = undefined;
    const seconds = this.#context.faults.dropConnectionsEverySeconds;
    if (seconds <= 0) return;
    this.#dropTimer = setInterval(() => {
      let count = 0;
      for (const connection of this.#connections()) {
        connection.socket.terminate();
        count += 1;
      }
      if (count > 0) this.#context.faults.recordDroppedConnections(count);
    }, seconds * 1000);
    this.#dropTimer.unref();
  }

  /** Stops events, tasks and the drop fault, and terminates every connection. */
  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    if (this.#dropTimer) clearInterval(this.#dropTimer);
    this.#dropTimer = undefined;
    for (const connection of this.#connections()) connection.socket.terminate();
  }

  #every({ everyMs, run }: PeriodicTask): void {
    const timer = setInterval(() => {
      try {
        run();
      } catch (error) {
        this.#context.log(`${this.#label}: periodic task failed: ${describeError(error)}`);
      }
    }, everyMs);
    timer.unref();
    this.#timers.push(timer);
  }
}
