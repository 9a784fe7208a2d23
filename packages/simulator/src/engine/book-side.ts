import type { SideWire } from '../exchange/contract.js';
import type { EngineOrder } from './engine-order.js';
import { PriceLevel } from './price-level.js';

/**
 * One side of an order book: price levels in a sorted array with the best price at the END
 * (bids ascending, asks descending), because nearly all activity happens at the top of the book
 * and a splice near the end of an array is cheap. No Map of levels: deleting hot keys from a V8
 * Map degrades badly (see docs/toolchain.md, "Order books").
 */
export class BookSide<Order extends EngineOrder> {
  /** Sorted so that the best level is last. */
  readonly levels: PriceLevel<Order>[] = [];
  /** +1 for bids (higher is better), -1 for asks (lower is better). */
  private readonly direction: 1 | -1;

  constructor(readonly side: SideWire) {
    this.direction = side === 'buy' ? 1 : -1;
  }

  /** The best level, or undefined when this side is empty. */
  best(): PriceLevel<Order> | undefined {
    return this.levels[this.levels.length - 1];
  }

  /** Rests an order at its price, behind the orders already there. Returns the level. */
  add(order: Order): PriceLevel<Order> {
    const levels = this.levels;
    const rank = order.priceTicks * this.direction;
    // Fast path: at or beyond the best price (most new orders).
    const top = levels[levels.length - 1];
    if (top === undefined || top.priceTicks * this.direction < rank) {
      const level = new PriceLevel<Order>(order.priceTicks);
      levels.push(level);
      level.push(order);
      return level;
    }
    const index = this.lowerBound(rank);
    let level = levels[index];
    if (level === undefined || level.priceTicks !== order.priceTicks) {
      level = new PriceLevel<Order>(order.priceTicks);
      levels.splice(index, 0, level);
    }
    level.push(order);
    return level;
  }

  /** Takes a resting order off the book; drops its level when it becomes empty. */
  remove(order: Order): void {
    const level = order.level as PriceLevel<Order> | undefined;
    if (level === undefined) return;
    level.detach(order);
    if (level.count === 0) this.dropLevel(level);
  }

  /** Drops an empty level (called by the matcher after it consumed the last order). */
  dropLevel(level: PriceLevel<Order>): void {
    const levels = this.levels;
    const last = levels.length - 1;
    if (levels[last] === level) {
      levels.pop();
      return;
    }
    const index = this.lowerBound(level.priceTicks * this.direction);
    if (levels[index] === level) levels.splice(index, 1);
  }

  /** The level at a price, if any. */
  levelAt(priceTicks: number): PriceLevel<Order> | undefined {
    const level = this.levels[this.lowerBound(priceTicks * this.direction)];
    return level !== undefined && level.priceTicks === priceTicks ? level : undefined;
  }

  /** Levels from the best outwards. */
  *bestFirst(): Generator<PriceLevel<Order>> {
    for (let index = this.levels.length - 1; index >= 0; index -= 1)
      yield this.levels[index] as PriceLevel<Order>;
  }

  /** First index whose rank is >= rank (ranks ascend along the array). */
  private lowerBound(rank: number): number {
    const levels = this.levels;
    const direction = this.direction;
    let low = 0;
    let high = levels.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((levels[middle] as PriceLevel<Order>).priceTicks * direction < rank) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
