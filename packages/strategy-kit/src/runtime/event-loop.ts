/** One unit of work: runs to completion (awaited when it returns a promise) before the next starts. */
export type Task = () => void | Promise<void>;

/**
 * Runs tasks one at a time in arrival order. A synchronous task runs right away when the loop is
 * idle (no microtask hop on the hot path); a task that returns a promise holds the loop until it
 * settles. Follow-ups (`enqueueNext`) run right after the current task, before older arrivals, so
 * the strategy hears about the fate of its own commands before the next market event.
 */
export class EventLoop {
  #queue: Task[] = [];
  #head = 0;
  #followUps: Task[] = [];
  #running = false;
  #idleWaiters: Array<() => void> = [];
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Adds a task at the back of the queue. */
  enqueue(task: Task): void {
    this.#queue.push(task);
    if (!this.#running) this.#run();
  }

  /** Runs `task` in the loop (at the back of the queue); resolves when it, and its promise, finished. */
  run(task: Task): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue(() => {
        let result: void | Promise<void>;
        try {
          result = task();
        } catch (error) {
          reject(error);
          return;
        }
        if (result === undefined) resolve();
        else return result.then(resolve, reject);
      });
    });
  }

  /** Adds a task to run right after the current one (in the order follow-ups were added). */
  enqueueNext(task: Task): void {
    this.#followUps.push(task);
    if (!this.#running) this.#run();
  }

  /** Tasks waiting. */
  get size(): number {
    return this.#queue.length - this.#head + this.#followUps.length;
  }

  /** Resolves when the queue is empty and no task runs. */
  idle(): Promise<void> {
    if (!this.#running && this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #next(): Task | undefined {
    if (this.#followUps.length > 0) return this.#followUps.shift();
    if (this.#head >= this.#queue.length) return undefined;
    const task = this.#queue[this.#head] as Task;
    this.#queue[this.#head] = undefined as unknown as Task;
    this.#head += 1;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return task;
  }

  #run(): void {
    this.#running = true;
    for (;;) {
      const task = this.#next();
      if (task === undefined) break;
      let result: void | Promise<void>;
      try {
        result = task();
      } catch (error) {
        this.#onError(error);
        continue;
      }
      if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).then(
          () => this.#run(),
          (error: unknown) => {
            this.#onError(error);
            this.#run();
          },
        );
        return;
      }
    }
    this.#running = false;
    if (this.size === 0 && this.#idleWaiters.length > 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
