import type { CancelTimer, Clock } from './clock.js';

interface PendingTimer {
  readonly at: number;
  readonly sequence: number;
  readonly callback: () => void;
  canceled: boolean;
}

/** Earlier first; equal times in the order they were set. */
function before(a: PendingTimer, b: PendingTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.sequence < b.sequence);
}

/**
 * A clock that moves only when told: for tests, replays and backtests. Timers fire in time order
 * (ties in the order they were set) as {@link ManualClock.advanceBy} / {@link ManualClock.advanceTo}
 * pass them, each seeing `now()` equal to its own due time. Timers live in a binary heap, so a
 * backtest that sets millions of them stays O(log n) per timer.
 *
 * @example
 * const clock = new ManualClock(Date.UTC(2026, 0, 1));
 * clock.setTimer(1000, () => console.log('one second later'));
 * clock.advanceBy(1000);
 */
export class ManualClock implements Clock {
  #now: number;
  #sequence = 0;
  #heap: PendingTimer[] = [];
  #live = 0;

  constructor(startMs = 0) {
    if (!Number.isFinite(startMs))
      throw new RangeError(`expected a finite start time in ms, received ${startMs}`);
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimer(delayMs: number, callback: () => void): CancelTimer {
    const timer: PendingTimer = {
      at: this.#now + Math.max(0, Number.isFinite(delayMs) ? delayMs : 0),
      sequence: this.#sequence++,
      callback,
      canceled: false,
    };
    this.#push(timer);
    this.#live++;
    return () => {
      if (timer.canceled) return;
      timer.canceled = true;
      this.#live--;
    };
  }

  /** Moves time forward by `ms`, firing every timer due on the way. */
  advanceBy(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  /** Moves time to `ms` (never backwards), firing every timer due on the way, in order. */
  advanceTo(ms: number): void {
    for (;;) {
      const next = this.#peek();
      if (next === undefined || next.at > ms) break;
      this.#pop();
      next.canceled = true;
      this.#live--;
      if (next.at > this.#now) this.#now = next.at;
      next.callback();
    }
    if (ms > this.#now) this.#now = ms;
  }

  /** Fires every timer, including the ones those timers set, until none is left; returns how many ran. */
  runAll(limit = 1_000_000): number {
    let ran = 0;
    for (let next = this.#peek(); next !== undefined; next = this.#peek()) {
      if (ran >= limit)
        throw new RangeError(`expected the timers to settle, but ${limit} fired and more keep coming`);
      this.advanceTo(next.at);
      ran++;
    }
    return ran;
  }

  /** When the next live timer is due, or `undefined` when none is waiting. */
  nextTimerAt(): number | undefined {
    return this.#peek()?.at;
  }

  /** Timers still waiting. */
  get pendingTimers(): number {
    return this.#live;
  }

  #peek(): PendingTimer | undefined {
    while (this.#heap.length > 0 && this.#heap[0]?.canceled === true) this.#pop();
    return this.#heap[0];
  }

  #push(timer: PendingTimer): void {
    const heap = this.#heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent] as PendingTimer;
      if (!before(timer, above)) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = timer;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && before(heap[right] as PendingTimer, heap[left] as PendingTimer) ? right : left;
      const candidate = heap[child] as PendingTimer;
      if (!before(candidate, last)) break;
      heap[index] = candidate;
      index = child;
    }
    heap[index] = last;
  }
}
