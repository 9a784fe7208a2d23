/** A timer handle returned by a scheduler. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Time and timers for the exchange and its market. The default follows the wall clock; tests
 * use `ManualScheduler` and step time without waiting.
 */
export interface Scheduler {
  /** Current time in ms since the epoch. */
  now(): number;
  /** Runs `task` once after `delayMs` (of this scheduler's time). */
  schedule(delayMs: number, task: () => void): TimerHandle;
}

/** Wall-clock time and Node timers. Timers are unref'd: the exchange never keeps a process alive by itself. */
export class RealTimeScheduler implements Scheduler {
  constructor(private readonly clock: () => number = Date.now) {}

  now(): number {
    return this.clock();
  }

  schedule(delayMs: number, task: () => void): TimerHandle {
    const timer = setTimeout(task, Math.max(0, delayMs));
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  }
}

interface PendingTask {
  dueAt: number;
  order: number;
  task: () => void;
  canceled: boolean;
}

/**
 * A scheduler whose time moves only when told (`advance`, `runUntil`). Tasks run in due order,
 * ties in scheduling order, each seeing `now()` equal to its due time.
 */
export class ManualScheduler implements Scheduler {
  private current: number;
  private pending: PendingTask[] = [];
  private scheduled = 0;

  constructor(startMs = Date.UTC(2024, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, task: () => void): TimerHandle {
    const entry: PendingTask = {
      dueAt: this.current + Math.max(0, delayMs),
      order: this.scheduled++,
      task,
      canceled: false,
    };
    // Canceled tasks are dropped lazily; prune them before the list grows long.
    if (this.pending.length >= 64) this.pending = this.pending.filter((candidate) => !candidate.canceled);
    this.pending.push(entry);
    return {
      cancel: () => {
        entry.canceled = true;
      },
    };
  }

  /** Moves time forward by `ms`, running every task that falls due on the way. */
  advance(ms: number): void {
    this.runUntil(this.current + ms);
  }

  /** Moves time to `targetMs`, running due tasks in order. */
  runUntil(targetMs: number): void {
    for (;;) {
      const next = this.nextDue();
      if (next === undefined || next.dueAt > targetMs) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      this.current = Math.max(this.current, next.dueAt);
      if (!next.canceled) next.task();
    }
    this.current = Math.max(this.current, targetMs);
  }

  /** Number of tasks still waiting (canceled ones excluded). */
  get pendingCount(): number {
    return this.pending.filter((entry) => !entry.canceled).length;
  }

  private nextDue(): PendingTask | undefined {
    let best: PendingTask | undefined;
    for (const entry of this.pending) {
      if (entry.canceled) continue;
      if (
        best === undefined ||
        entry.dueAt < best.dueAt ||
        (entry.dueAt === best.dueAt && entry.order < best.order)
      )
        best = entry;
    }
    return best;
  }
}
