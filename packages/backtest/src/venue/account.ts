import {
  type Balance,
  ExactDecimal,
  type FeeRates,
  type OrderRequest,
  type ProductRules,
  quantize,
} from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';

const ZERO = new ExactDecimal(0);

/**
 * The simulated account: one total and one hold per currency, moved exactly as Coinbase moves
 * them. An open order holds what it may spend — a buy its price × size plus the taker fee (funds
 * for a market buy by funds), a sell its size — and the hold shrinks as it fills and is released
 * when it ends.
 */
export class Account {
  readonly #totals = new Map<string, Decimal>();
  readonly #holds = new Map<string, Decimal>();

  constructor(startBalances: Readonly<Record<string, Decimal>>) {
    for (const currency of Object.keys(startBalances).sort())
      this.#totals.set(currency, startBalances[currency] as Decimal);
  }

  total(currency: string): Decimal {
    return this.#totals.get(currency) ?? ZERO;
  }

  hold(currency: string): Decimal {
    return this.#holds.get(currency) ?? ZERO;
  }

  available(currency: string): Decimal {
    return this.total(currency).minus(this.hold(currency));
  }

  /** Every currency ever held, sorted by name. */
  balances(): Balance[] {
    const currencies = [...new Set([...this.#totals.keys(), ...this.#holds.keys()])].sort();
    return currencies.map((currency) => ({
      currency,
      total: this.total(currency),
      available: this.available(currency),
      hold: this.hold(currency),
    }));
  }

  addHold(currency: string, amount: Decimal): void {
    if (!amount.isZero()) this.#holds.set(currency, this.hold(currency).plus(amount));
  }

  releaseHold(currency: string, amount: Decimal): void {
    if (!amount.isZero()) this.#holds.set(currency, this.hold(currency).minus(amount));
  }

  /** Moves the balances for one fill (the fee is paid in quote currency). */
  settleFill(rules: ProductRules, side: 'buy' | 'sell', price: Decimal, size: Decimal, fee: Decimal): void {
    const value = price.times(size);
    const base = rules.baseCurrency;
    const quote = rules.quoteCurrency;
    if (side === 'buy') {
      this.#totals.set(base, this.total(base).plus(size));
      this.#totals.set(quote, this.total(quote).minus(value).minus(fee));
    } else {
      this.#totals.set(base, this.total(base).minus(size));
      this.#totals.set(quote, this.total(quote).plus(value).minus(fee));
    }
  }
}

/** The currency an order holds and how much, as Coinbase computes it. */
export function holdFor(
  request: OrderRequest,
  rules: ProductRules,
  fees: FeeRates,
  referencePrice: Decimal | undefined,
): { currency: string; amount: Decimal } {
  if (request.side === 'sell') return { currency: rules.baseCurrency, amount: request.size ?? ZERO };
  if (request.funds !== undefined) return { currency: rules.quoteCurrency, amount: request.funds };
  const price = request.price ?? referencePrice ?? ZERO;
  const cost = price.times(request.size ?? ZERO);
  return {
    currency: rules.quoteCurrency,
    amount: quantize(cost.plus(cost.times(fees.taker)), rules.quoteIncrement, 'up'),
  };
}
