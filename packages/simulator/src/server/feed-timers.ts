import type { ServerContext } from './context.js';
import { describeError } from './describe-error.js';

/**
 * The timers a feed runs: its periodic channel tasks (an exception is logged, never thrown into a
 * timer) and the connection-dropping fault, re-armed when the fault settings change. Both feeds
 * (Exchange and Advanced Trade) use one each.
 */
export class FeedTimers {
  readonly #context: ServerContext;
  readonly #label: string;
  readonly #connections: () => Iterable<{ socket: { terminate(): void } }>;
  readonly #timers: NodeJS.Timeout[] = [];
  #dropTimer: NodeJS.Timeout | undefined;

  constructor(
    context: ServerContext,
    label: string,
    connections: () => Iterable<{ socket: { terminate(): void } }>,
  ) {
    this.#context = context;
    this.#label = label;
    this.#connections = connections;
  }

  /** Runs `task` every `intervalMs` until {@link stop}. */
  every(intervalMs: number, task: () => void): void {
    const timer = setInterval(() => {
      try {
        task();
      } catch (error) {
        this.#context.log(`${this.#label}: periodic task failed: ${describeError(error)}`);
      }
    }, intervalMs);
    timer.unref();
    this.#timers.push(timer);
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

  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    if (this.#dropTimer) clearInterval(this.#dropTimer);
    this.#dropTimer = undefined;
  }
}
