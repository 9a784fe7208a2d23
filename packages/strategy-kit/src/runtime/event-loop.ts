/** One unit of work: runs to completion (awaited when it returns a promise) before the next starts. */
export type Task = () => void | Promise<void>;

/** A task that takes one argument: queued as the pair, so the hot path makes no closure per event. */
export type TaskOf<T> = (argument: T) => void | Promise<void>;

type AnyTask = (argument: unknown) => void | Promise<void>;

/**
 * Runs tasks one at a time in arrival order. A synchronous task runs right away when the loop is
 * idle (no queue, no microtask hop on the hot path); a task that returns a promise holds the loop
 * until it settles. Follow-ups (`enqueueNext`) run right after the current task, before older
 * arrivals, so the strategy hears about the fate of its own commands before the next market event.
 */
export class EventLoop {
  // The queue as two parallel arrays (task, argument): no closure or pair object per event.
  #tasks: AnyTask[] = [];
  #arguments: unknown[] = [];
  #head = 0;
  #followUps: AnyTask[] = [];
  #followUpArguments: unknown[] = [];
  #followUpHead = 0;
  #running = false;
  #idleWaiters: Array<() => void> = [];
  readonly #onError: (error: unknown) => void;
  readonly #resume = () => this.#run();
  readonly #resumeAfterError = (error: unknown) => {
    this.#onError(error);
    this.#run();
  };

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Adds a task at the back of the queue. */
  enqueue(task: Task): void {
    this.enqueueWith(task as AnyTask, undefined);
  }

  /**
   * Adds `task(argument)` at the back of the queue. When the loop is idle it runs at once, on the
   * caller's stack: the path every market event takes when the strategy keeps up.
   */
  enqueueWith<T>(task: TaskOf<T>, argument: T): void {
    if (this.#running) {
      this.#tasks.push(task as AnyTask);
      this.#arguments.push(argument);
      return;
    }
    // Idle: nothing is queued (a queue only exists while a task runs or awaits).
    this.#running = true;
    let result: void | Promise<void>;
    try {
      result = task(argument);
    } catch (error) {
      this.#onError(error);
      result = undefined;
    }
    if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
      (result as Promise<void>).then(this.#resume, this.#resumeAfterError);
      return;
    }
    if (this.#followUps.length === 0 && this.#tasks.length === 0) {
      this.#running = false;
      if (this.#idleWaiters.length > 0) this.#notifyIdle();
      return;
    }
    this.#run();
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
    this.enqueueNextWith(task as AnyTask, undefined);
  }

  /** Adds `task(argument)` to run right after the current task. */
  enqueueNextWith<T>(task: TaskOf<T>, argument: T): void {
    this.#followUps.push(task as AnyTask);
    this.#followUpArguments.push(argument);
    if (!this.#running) this.#run();
  }

  /** Tasks waiting. */
  get size(): number {
    return this.#tasks.length - this.#head + this.#followUps.length - this.#followUpHead;
  }

  /** True when no task runs or waits: `idle()` would resolve at once. */
  get isIdle(): boolean {
    return !this.#running && this.size === 0;
  }

  /** Resolves when the queue is empty and no task runs. */
  idle(): Promise<void> {
    if (!this.#running && this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #run(): void {
    this.#running = true;
    for (;;) {
      let task: AnyTask;
      let argument: unknown;
      if (this.#followUpHead < this.#followUps.length) {
        const index = this.#followUpHead;
        task = this.#followUps[index] as AnyTask;
        argument = this.#followUpArguments[index];
        if (index + 1 === this.#followUps.length) {
          // Drained: reuse the arrays (follow-ups added while this one runs start again at 0).
          this.#followUps.length = 0;
          this.#followUpArguments.length = 0;
          this.#followUpHead = 0;
        } else this.#followUpHead = index + 1;
      } else if (this.#head < this.#tasks.length) {
        const index = this.#head;
        task = this.#tasks[index] as AnyTask;
        argument = this.#arguments[index];
        if (index + 1 === this.#tasks.length) {
          this.#tasks.length = 0;
          this.#arguments.length = 0;
          this.#head = 0;
        } else {
          this.#tasks[index] = undefined as unknown as AnyTask;
          this.#arguments[index] = undefined;
          this.#head = index + 1;
          if (this.#head > 1024 && this.#head * 2 > this.#tasks.length) {
            this.#tasks = this.#tasks.slice(this.#head);
            this.#arguments = this.#arguments.slice(this.#head);
            this.#head = 0;
          }
        }
      } else break;
      let result: void | Promise<void>;
      try {
        result = task(argument);
      } catch (error) {
        this.#onError(error);
        continue;
      }
      if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).then(this.#resume, this.#resumeAfterError);
        return;
      }
    }
    this.#running = false;
    if (this.#idleWaiters.length > 0) this.#notifyIdle();
  }

  #notifyIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
