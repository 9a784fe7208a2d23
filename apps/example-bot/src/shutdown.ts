/**
 * When to stop: the first Ctrl-C, SIGTERM or the end of `--duration` asks for an orderly stop
 * (no new orders, cancel open ones, write the summary); a second Ctrl-C or SIGTERM exits at once.
 */

/** The part of `process` this module uses, so tests can send signals without a process. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/** Exit status when the user insists on stopping at once (128 + SIGINT, as shells report it). */
export const IMMEDIATE_EXIT_CODE = 130;

/**
 * A repeat of the first signal within this time is the same Ctrl-C arriving twice, not a second
 * one: the terminal sends SIGINT to the whole foreground process group, and `pnpm run` forwards
 * the SIGINT it got itself to its child as well, so the bot under `pnpm start` hears one key
 * press twice, a few milliseconds apart.
 */
export const SAME_SIGNAL_WINDOW_MS = 500;

/** What {@link ShutdownTrigger} needs. */
export interface ShutdownTriggerOptions {
  signals: SignalSource;
  /** Ends the process at once (the second signal). */
  exit: (code: number) => void;
  /** Told when the second signal arrives, just before exiting. */
  onImmediateExit?: (signal: NodeJS.Signals) => void;
  /** Milliseconds since the epoch (default `Date.now`); tells a repeated delivery from a second Ctrl-C. */
  now?: () => number;
}

const HANDLED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Turns signals and the duration into one `AbortSignal` whose `reason` says why the bot stops.
 *
 * @example
 * const trigger = new ShutdownTrigger({ signals: process, exit: process.exit });
 * trigger.stopAfter(60);
 * await once(trigger.signal, 'abort'); // then shut down
 * trigger.dispose();
 */
export class ShutdownTrigger {
  readonly #controller = new AbortController();
  readonly #options: ShutdownTriggerOptions;
  readonly #listeners = new Map<NodeJS.Signals, () => void>();
  #timer: NodeJS.Timeout | undefined;
  #firstSignal: { signal: NodeJS.Signals; at: number } | undefined;

  constructor(options: ShutdownTriggerOptions) {
    this.#options = options;
    for (const signal of HANDLED_SIGNALS) {
      const listener = () => this.#onSignal(signal);
      this.#listeners.set(signal, listener);
      options.signals.on(signal, listener);
    }
  }

  /**
   * Asks for an orderly stop `seconds` from now (the bot calls it once trading has started, so a
   * slow start does not eat into the run). `undefined` does nothing.
   */
  stopAfter(seconds: number | undefined): void {
    if (seconds === undefined || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => this.request('duration reached'), seconds * 1000);
    // The duration alone must not keep an otherwise finished process alive.
    this.#timer.unref();
  }

  /** Aborted when the bot should stop; `reason` is a short text such as `"SIGINT"`. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Why the bot is stopping, once it is. */
  get reason(): string | undefined {
    return this.#controller.signal.aborted ? String(this.#controller.signal.reason) : undefined;
  }

  /** Asks for an orderly stop (idempotent: the first reason is kept). */
  request(reason: string): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
  }

  /** Removes the signal handlers and the timer. Signals after this get Node's default behaviour. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    for (const [signal, listener] of this.#listeners) this.#options.signals.off(signal, listener);
    this.#listeners.clear();
  }

  #onSignal(signal: NodeJS.Signals): void {
    const now = (this.#options.now ?? Date.now)();
    if (this.#controller.signal.aborted) {
      const first = this.#firstSignal;
      if (first !== undefined && first.signal === signal && now - first.at < SAME_SIGNAL_WINDOW_MS) return;
      this.#options.onImmediateExit?.(signal);
      this.#options.exit(IMMEDIATE_EXIT_CODE);
      return;
    }
    this.#firstSignal = { signal, at: now };
    this.request(signal);
  }
}
