/**
 * Progress of long work (a download of candles, a backtest): on a terminal, one line redrawn in
 * place with a bar, the percentage, the count and an ETA; anywhere else (a log file, CI), a plain
 * line every few seconds, so logs stay readable.
 *
 * @example
 * const progress = new ProgressBar({ label: 'downloading BTC-USD', total: candles });
 * for (const page of pages) { await fetchPage(page); progress.increment(page.size); }
 * progress.finish();
 */
import { formatDuration } from './duration.js';

/** Where progress is written: `process.stderr` or anything shaped like it. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** What a {@link ProgressBar} needs. */
export interface ProgressBarOptions {
  /** What is in progress, e.g. `backtest BTC-USD`. */
  label: string;
  /** How many units make 100%. */
  total: number;
  /** What the units are: things counted (default) or bytes (shown in MB). */
  unit?: 'count' | 'bytes';
  /** Default `process.stderr`. */
  stream?: ProgressStream;
  /** Milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
  /** Least time between two plain lines when the stream is not a terminal; default 5,000 ms. */
  lineIntervalMs?: number;
  /** Least time between two redraws on a terminal; default 100 ms. */
  redrawIntervalMs?: number;
}

const BAR_WIDTH = 28;

/** A progress bar (terminal) or periodic progress lines (not a terminal). */
export class ProgressBar {
  readonly #label: string;
  readonly #total: number;
  readonly #unit: 'count' | 'bytes';
  readonly #stream: ProgressStream;
  readonly #now: () => number;
  readonly #interactive: boolean;
  readonly #interval: number;
  readonly #startedAt: number;
  #done = 0;
  #lastDrawnAt = Number.NEGATIVE_INFINITY;
  #finished = false;

  constructor(options: ProgressBarOptions) {
    this.#label = options.label;
    this.#total = Math.max(0, options.total);
    this.#unit = options.unit ?? 'count';
    this.#stream = options.stream ?? process.stderr;
    this.#now = options.now ?? Date.now;
    this.#interactive = this.#stream.isTTY === true;
    this.#interval = this.#interactive ? (options.redrawIntervalMs ?? 100) : (options.lineIntervalMs ?? 5000);
    this.#startedAt = this.#now();
  }

  /** Sets how many units are done (clamped to the total) and redraws when it is time. */
  update(done: number): void {
    if (this.#finished) return;
    this.#done = Math.min(this.#total, Math.max(0, done));
    const now = this.#now();
    if (now - this.#lastDrawnAt < this.#interval) return;
    this.#lastDrawnAt = now;
    this.#draw(now);
  }

  /** Adds `units` done. */
  increment(units = 1): void {
    this.update(this.#done + units);
  }

  /** Draws the final state (100% unless told otherwise) and ends the line. Idempotent. */
  finish(done = this.#total): void {
    if (this.#finished) return;
    this.#done = Math.min(this.#total, Math.max(0, done));
    this.#draw(this.#now());
    if (this.#interactive) this.#stream.write('\n');
    this.#finished = true;
  }

  /** The text of the progress at `now`, without control characters. */
  describe(now = this.#now()): string {
    const fraction = this.#total === 0 ? 1 : this.#done / this.#total;
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    const count =
      this.#unit === 'bytes'
        ? `${megabytes(this.#done)}/${megabytes(this.#total)} MB`
        : `${this.#done.toLocaleString('en-US')}/${this.#total.toLocaleString('en-US')}`;
    const elapsed = now - this.#startedAt;
    const eta =
      this.#done >= this.#total
        ? `done in ${formatDuration(elapsed)}`
        : this.#done === 0
          ? 'ETA …'
          : `ETA ${formatDuration((elapsed / this.#done) * (this.#total - this.#done))}`;
    if (!this.#interactive) return `${this.#label}: ${percent.trim()} (${count}), ${eta}`;
    const filled = Math.round(fraction * BAR_WIDTH);
    return `${this.#label} [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${percent} ${count} ${eta}`;
  }

  #draw(now: number): void {
    const text = this.describe(now);
    if (!this.#interactive) {
      this.#stream.write(`${text}\n`);
      return;
    }
    const width = this.#stream.columns ?? 120;
    // Return to the line's start, write, and clear what a longer earlier line left behind.
    this.#stream.write(`\r${text.slice(0, Math.max(10, width - 1))}\u001b[K`);
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
