import type { Clock } from '@tradeloop/clock';
import type {
  Reconciler,
  ReconciliationSummary,
  ReconciliationTrigger,
} from '../execution/reconciliation.js';
import type { InternalTimers } from './internal-timers.js';

/** Options of {@link ReconciliationSchedule}. */
export interface ReconciliationScheduleOptions {
  reconciler: Reconciler;
  clock: Clock;
  timers: InternalTimers;
  /** Every this many ms (0: never). */
  intervalMs: number;
  /** Background runs (reconnect, gap, periodic, a queued rerun) start only while this is true. */
  isRunning(): boolean;
  completed(summary: ReconciliationSummary): void;
  failed(error: unknown, context: string): void;
}

/**
 * When reconciliation runs: on request (concurrent requests share one run, and a request during a
 * run schedules one more), in the background after reconnects, after gaps (at once, then at most
 * once per second while they keep coming), and periodically.
 */
export class ReconciliationSchedule {
  readonly #options: ReconciliationScheduleOptions;
  #running: Promise<ReconciliationSummary> | undefined;
  #again: ReconciliationTrigger | undefined;
  #lastGapRunAt = Number.NEGATIVE_INFINITY;
  #gapRunScheduled = false;
  #completedRuns = 0;

  constructor(options: ReconciliationScheduleOptions) {
    this.#options = options;
  }

  /** Runs completed so far. */
  get completedRuns(): number {
    return this.#completedRuns;
  }

  /** Runs a reconciliation now, or joins the one running (and queues one more). */
  run(trigger: ReconciliationTrigger): Promise<ReconciliationSummary> {
    if (this.#running !== undefined) {
      this.#again = trigger;
      return this.#running;
    }
    this.#running = this.#options.reconciler
      .reconcile(trigger)
      .then((summary) => {
        this.#completedRuns += 1;
        this.#options.completed(summary);
        return summary;
      })
      .finally(() => {
        this.#running = undefined;
        const again = this.#again;
        this.#again = undefined;
        if (again !== undefined && this.#options.isRunning())
          this.run(again).catch((error: unknown) => this.#options.failed(error, 'reconciliation'));
      });
    return this.#running;
  }

  inBackground(trigger: ReconciliationTrigger): void {
    if (!this.#options.isRunning()) return;
    this.run(trigger).catch((error: unknown) =>
      this.#options.failed(error, `reconciliation after ${trigger}`),
    );
  }

  /** Gaps can come in bursts (one per lost message): at once, then at most once per second. */
  afterGap(): void {
    if (this.#gapRunScheduled) return;
    const { clock, timers } = this.#options;
    const wait = this.#lastGapRunAt + 1000 - clock.now();
    if (wait <= 0) {
      this.#lastGapRunAt = clock.now();
      this.inBackground('gap');
      return;
    }
    this.#gapRunScheduled = true;
    timers.set(wait, () => {
      this.#gapRunScheduled = false;
      this.#lastGapRunAt = clock.now();
      this.inBackground('gap');
    });
  }

  /** Starts the periodic runs (no-op with an interval of 0). */
  schedulePeriodic(): void {
    const { intervalMs, timers } = this.#options;
    if (intervalMs <= 0) return;
    timers.set(intervalMs, () => {
      this.inBackground('periodic');
      this.schedulePeriodic();
    });
  }
}
