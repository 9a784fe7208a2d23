import type { Decimal } from 'decimal.js';

/** Milliseconds in a UTC day. */
export const DAY_MS = 86_400_000;

/** The start of the UTC day holding `now` (ms). */
export function startOfUtcDay(now: number): number {
  return Math.floor(now / DAY_MS) * DAY_MS;
}

/**
 * Today's PnL per quote currency: the net PnL now minus the net PnL when the day (or the run)
 * began. The runtime calls {@link DailyPnl.beginDay} at start and at every UTC midnight; the
 * risk gate's daily loss limit reads {@link DailyPnl.today}.
 */
export class DailyPnl {
  #baselines = new Map<string, Decimal>();
  #dayStart = 0;

  /** Records the net PnL per quote currency at the start of a day (or of the run). */
  beginDay(now: number, netPnlByCurrency: ReadonlyMap<string, Decimal>): void {
    this.#dayStart = startOfUtcDay(now);
    this.#baselines = new Map(netPnlByCurrency);
  }

  /** When the current day began (ms). */
  get dayStart(): number {
    return this.#dayStart;
  }

  /** Today's PnL in `currency`, given the net PnL (realized + unrealized − fees) now. */
  today(currency: string, currentNetPnl: Decimal): Decimal {
    const baseline = this.#baselines.get(currency);
    return baseline === undefined || baseline.isZero() ? currentNetPnl : currentNetPnl.minus(baseline);
  }
}
