import type { Decimal } from 'decimal.js';
import { ZERO } from '../model/decimal.js';
import type { ProductRules } from '../model/product-rules.js';
import type { Fill } from '../model/reports.js';
import type { Balance } from '../venues/venue.js';

/**
 * Balances as the venue reported them at a moment, moved by every fill the bot saw after it:
 * a buy adds base and takes price × size + fee of quote; a sell the reverse. Totals are exact;
 * `available` subtracts the holds of the bot's own working orders (an estimate until the next
 * refresh, because the venue's hold formula is its own).
 */
export class Balances {
  readonly #totals = new Map<string, Decimal>();
  readonly #venueHolds = new Map<string, Decimal>();
  #snapshotAt = Number.NEGATIVE_INFINITY;

  /**
   * Replaces the totals with a venue snapshot taken at `requestedAt` (ms). Fills that happened
   * before that moment are in the snapshot already; {@link Balances.applyFill} skips them.
   */
  reset(balances: readonly Balance[], requestedAt: number): void {
    this.#totals.clear();
    this.#venueHolds.clear();
    for (const balance of balances) {
      this.#totals.set(balance.currency, balance.total);
      this.#venueHolds.set(balance.currency, balance.hold);
    }
    this.#snapshotAt = requestedAt;
  }

  /** Moves the totals by a fill of `rules`' product; returns false for a fill the snapshot already holds. */
  applyFill(fill: Fill, rules: ProductRules): boolean {
    if (fill.time < this.#snapshotAt) return false;
    const value = fill.price.times(fill.size);
    const base = fill.side === 'buy' ? fill.size : fill.size.negated();
    const quote = (fill.side === 'buy' ? value.negated() : value).minus(fill.fee);
    this.#add(rules.baseCurrency, base);
    this.#add(rules.quoteCurrency, quote);
    return true;
  }

  /** The total of a currency (zero when unknown). */
  total(currency: string): Decimal {
    return this.#totals.get(currency) ?? ZERO;
  }

  /** The hold the venue reported at the last snapshot. */
  venueHold(currency: string): Decimal {
    return this.#venueHolds.get(currency) ?? ZERO;
  }

  currencies(): string[] {
    return [...this.#totals.keys()];
  }

  #add(currency: string, amount: Decimal): void {
    this.#totals.set(currency, this.total(currency).plus(amount));
  }
}
