import type { CancelTimer, Clock } from '@tradeloop/clock';

/** A strategy timer as its handler sees it. */
export interface TimerFired {
  /** Returned by `every` / `after`. */
  readonly id: number;
  /** The name given when it was set (defaults to `timer-<id>`). */
  readonly name: string;
  /** When it was due (ms). */
  readonly scheduledAt: number;
  /** When it fired (ms, ≥ scheduledAt). */
  readonly firedAt: number;
}

interface ActiveTimer {
  cancel: CancelTimer;
}

/**
 * Strategy timers on the runtime clock. `every` keeps to its grid (start + k × interval) so it
 * never drifts; if the loop falls behind by several intervals it fires once and skips the missed
 * ticks. A fired timer does not call the strategy directly: `fire` hands it to the runtime, which
 * queues it like any other event.
 */
export class Timers {
  readonly #clock: Clock;
  readonly #fire: (timer: TimerFired) => void;
  readonly #active = new Map<number, ActiveTimer>();
  #nextId = 1;

  constructor(clock: Clock, fire: (timer: TimerFired) => void) {
    this.#clock = clock;
    this.#fire = fire;
  }

  /** Fires every `intervalMs`, first at now + interval. Returns the timer id. */
  every(intervalMs: number, name?: string): number {
    assertDelay(intervalMs, 'intervalMs');
    const id = this.#nextId++;
    const label = name ?? `timer-${id}`;
    const timer: ActiveTimer = { cancel: () => {} };
    this.#active.set(id, timer);
    const schedule = (dueAt: number) => {
      timer.cancel = this.#clock.setTimer(dueAt - this.#clock.now(), () => {
        if (!this.#active.has(id)) return;
        const firedAt = this.#clock.now();
        const behind = Math.floor((firedAt - dueAt) / intervalMs);
        schedule(dueAt + (behind + 1) * intervalMs);
        this.#fire({ id, name: label, scheduledAt: dueAt, firedAt });
      });
    };
    schedule(this.#clock.now() + intervalMs);
    return id;
  }

  /** Fires once after `delayMs`. Returns the timer id. */
  after(delayMs: number, name?: string): number {
    assertDelay(delayMs, 'delayMs');
    const id = this.#nextId++;
    const label = name ?? `timer-${id}`;
    const dueAt = this.#clock.now() + delayMs;
    const cancel = this.#clock.setTimer(delayMs, () => {
      if (!this.#active.delete(id)) return;
      this.#fire({ id, name: label, scheduledAt: dueAt, firedAt: this.#clock.now() });
    });
    this.#active.set(id, { cancel });
    return id;
  }

  /** Stops a timer; unknown or finished ids are ignored. */
  cancel(id: number): void {
    const timer = this.#active.get(id);
    if (timer === undefined) return;
    this.#active.delete(id);
    timer.cancel();
  }

  /** Stops every timer. */
  cancelAll(): void {
    for (const id of [...this.#active.keys()]) this.cancel(id);
  }

  get size(): number {
    return this.#active.size;
  }
}

function assertDelay(value: number, name: string): void {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name}: expected a positive number of ms, received ${value}`);
}
