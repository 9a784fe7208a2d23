import type { Random } from '../core/random.js';
import type { Caller, ExchangeApi, OrderStatusWire, SideWire } from '../exchange/contract.js';
import type { Product } from '../exchange/products.js';
import { marketPrice, wireSize } from '../exchange/wire/wire-format.js';

/** Shape of the ladder a maker keeps around the fair price. */
export interface MakerOptions {
  /** Price levels per side. */
  levels: number;
  /** Distance between levels, in basis points of the price. */
  levelGapBps: number;
  /** Distance from the fair price to the best bid and ask, in basis points. */
  halfSpreadBps: number;
  /** Typical notional per level, as a multiple of the product's `min_market_funds`. */
  levelNotionalMultiple: number;
  /** Chance per step of pulling one random level and quoting it again (book churn). */
  refreshChance: number;
}

export const DEFAULT_MAKER_OPTIONS: MakerOptions = {
  levels: 20,
  levelGapBps: 0.5,
  halfSpreadBps: 0.25,
  levelNotionalMultiple: 5000,
  refreshChance: 0.3,
};

/**
 * A background market maker for one product: it keeps a ladder of limit orders on a price grid
 * around the fair price, cancelling levels that fall off the ladder and quoting the missing ones.
 * It trades through the same ExchangeApi as any client.
 */
export class MarketMaker {
  private readonly quotes = { buy: new Map<number, string>(), sell: new Map<number, string>() };

  constructor(
    private readonly exchange: Pick<ExchangeApi, 'placeOrder' | 'cancelOrder'> & {
      orderStatus(caller: Caller, id: string): OrderStatusWire | undefined;
    },
    private readonly caller: Caller,
    private readonly product: Product,
    private readonly random: Random,
    private readonly options: MakerOptions = DEFAULT_MAKER_OPTIONS,
  ) {}

  /** Ticks between ladder levels at a fair price. */
  gapTicks(fairTicks: number): number {
    return Math.max(1, Math.round((fairTicks * this.options.levelGapBps) / 10_000));
  }

  /** Brings the ladder in line with the fair price. */
  requote(fairTicks: number): void {
    const gap = this.gapTicks(fairTicks);
    const half = Math.max(1, Math.round((fairTicks * this.options.halfSpreadBps) / 10_000));
    const bestBid = Math.floor((fairTicks - half) / gap) * gap;
    const bestAsk = Math.ceil((fairTicks + half) / gap) * gap;
    const wanted = { buy: new Set<number>(), sell: new Set<number>() };
    for (let level = 0; level < this.options.levels; level += 1) {
      if (bestBid - level * gap > 0) wanted.buy.add(bestBid - level * gap);
      wanted.sell.add(bestAsk + level * gap);
    }
    if (this.random.next() < this.options.refreshChance) this.pullOne();
    for (const side of ['buy', 'sell'] as const) this.align(side, wanted[side], fairTicks);
  }

  /** Cancels every quote (stop). */
  withdraw(): void {
    for (const side of ['buy', 'sell'] as const) {
      for (const orderId of this.quotes[side].values()) this.exchange.cancelOrder(this.caller, orderId);
      this.quotes[side].clear();
    }
  }

  private align(side: SideWire, wanted: Set<number>, fairTicks: number): void {
    const quotes = this.quotes[side];
    for (const [priceTicks, orderId] of quotes) {
      const status = this.exchange.orderStatus(this.caller, orderId);
      const live = status !== undefined && status !== 'done';
      if (live && wanted.has(priceTicks)) continue;
      if (live) this.exchange.cancelOrder(this.caller, orderId);
      quotes.delete(priceTicks);
    }
    let depth = 0;
    const ordered = [...wanted].sort((left, right) => (side === 'buy' ? right - left : left - right));
    for (const priceTicks of ordered) {
      depth += 1;
      if (quotes.has(priceTicks)) continue;
      const result = this.exchange.placeOrder(this.caller, {
        product_id: this.product.id,
        side,
        price: marketPrice(this.product, priceTicks),
        size: wireSize(this.product, this.levelSize(fairTicks, depth)),
      });
      if (result.ok) quotes.set(priceTicks, result.value.id);
    }
  }

  /** A random size around the level notional, larger deeper in the book. */
  private levelSize(fairTicks: number, depth: number): number {
    const perUnit = this.product.notional(fairTicks, 1);
    const target = this.product.minMarketFundsAtoms * BigInt(this.options.levelNotionalMultiple);
    const typical = Number(target / perUnit);
    const factor = (0.4 + this.random.next() * 1.2) * (1 + depth * 0.1);
    return Math.max(1, Math.round(typical * factor));
  }

  private pullOne(): void {
    const side: SideWire = this.random.next() < 0.5 ? 'buy' : 'sell';
    const prices = [...this.quotes[side].keys()];
    if (prices.length === 0) return;
    const priceTicks = prices[Math.floor(this.random.next() * prices.length)] as number;
    this.exchange.cancelOrder(this.caller, this.quotes[side].get(priceTicks) as string);
    this.quotes[side].delete(priceTicks);
  }
}
