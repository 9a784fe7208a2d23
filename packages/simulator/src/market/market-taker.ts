import type { Random } from '../core/random.js';
import type { Caller, ExchangeApi } from '../exchange/contract.js';
import type { Product } from '../exchange/products.js';
import { wireSize } from '../exchange/wire/wire-format.js';

/**
 * A background taker: market orders on both sides, leaning toward the fair price so the last
 * trade follows it. Sizes are a fraction of a maker level, so one trade rarely sweeps the book.
 */
export class MarketTaker {
  constructor(
    private readonly exchange: Pick<ExchangeApi, 'placeOrder'>,
    private readonly caller: Caller,
    private readonly random: Random,
    private readonly levelNotionalMultiple: number,
  ) {}

  /** Sends one market order on a product. `lastTicks` is the last trade price, `gapTicks` the maker's level gap. */
  trade(product: Product, fairTicks: number, lastTicks: number | undefined, gapTicks: number): void {
    const lean = lastTicks === undefined ? 0 : (fairTicks - lastTicks) / gapTicks;
    const buyChance = 0.5 + Math.max(-0.4, Math.min(0.4, lean * 0.25));
    const side = this.random.next() < buyChance ? 'buy' : 'sell';
    const perUnit = product.notional(fairTicks, 1);
    const typical = Number((product.minMarketFundsAtoms * BigInt(this.levelNotionalMultiple)) / perUnit);
    const size = Math.max(1, Math.round(typical * (0.05 + this.random.next() * 0.6)));
    this.exchange.placeOrder(this.caller, {
      product_id: product.id,
      type: 'market',
      side,
      size: wireSize(product, size),
    });
  }
}
