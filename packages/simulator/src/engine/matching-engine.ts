import type { SideWire } from '../exchange/contract.js';
import { BookSide } from './book-side.js';
import { type EngineOrder, NO_FUNDS, UNLIMITED_SIZE } from './engine-order.js';
import type { PriceLevel } from './price-level.js';

/** Coinbase's `cancel_reason` texts for orders the engine cancels. */
export const CANCEL_REASON = {
  timeInForce: '101:Time In Force',
  selfTradePrevention: '102:Self Trade Prevention',
  insufficientFunds: '105:Insufficient Funds',
  insufficientLiquidity: '106:Insufficient Liquidity',
} as const;

export type DoneReason = 'filled' | 'canceled';

/**
 * How the engine reports what happened, in the order Coinbase's `full` feed shows it
 * (a match before the maker's done; the taker's done or open last).
 */
export interface MatchingListener<Order extends EngineOrder> {
  /** A trade at the maker's price; `notional` = price × size in quote atoms. */
  traded(maker: Order, taker: Order, priceTicks: number, size: number, notional: bigint): void;
  /** For market takers only: the most base increments (≤ wanted) the taker can pay for or deliver at this price. */
  affordable(taker: Order, priceTicks: number, wanted: number): number;
  /** Self-trade prevention shrank an order (`remaining` or `fundsRemaining` already updated). */
  changed(order: Order, oldRemaining: number, oldFunds: bigint): void;
  /** The order is done: filled, or canceled by the engine (reason given). It is off the book already. */
  finished(order: Order, reason: DoneReason, cancelReason?: string): void;
  /** The taker's remainder now rests on the book. */
  rested(order: Order): void;
  /** A level's total size changed (0 = the level is gone). */
  levelChanged(side: SideWire, priceTicks: number, size: number): void;
}

/** What to do with the part of an incoming order that does not trade at once. */
export type Remainder = 'rest' | 'cancel' | 'fill-or-kill';

/**
 * Price-time-priority matching for one product. Trades execute at the resting order's price;
 * self-trades are prevented per the taker's `stp` instruction (dc/co/cn/cb, as Coinbase does).
 * All quantities are integers; only notional amounts use bigint.
 */
export class MatchingEngine<Order extends EngineOrder> {
  readonly bids = new BookSide<Order>('buy');
  readonly asks = new BookSide<Order>('sell');

  /**
   * @param notionalScale quote atoms per (price tick × base increment).
   */
  constructor(
    private readonly notionalScale: bigint,
    private readonly listener: MatchingListener<Order>,
  ) {}

  /** True when a limit order at this price would take liquidity (the test behind `post_only`). */
  wouldCross(side: SideWire, priceTicks: number): boolean {
    const best = (side === 'buy' ? this.asks : this.bids).best();
    if (best === undefined) return false;
    return side === 'buy' ? priceTicks >= best.priceTicks : priceTicks <= best.priceTicks;
  }

  /** Quote atoms per base increment at a price. */
  notionalPerUnit(priceTicks: number): bigint {
    return BigInt(priceTicks) * this.notionalScale;
  }

  /**
   * Matches an incoming order against the book, then rests, cancels or kills what is left.
   * The order must not be on the book yet.
   */
  submit(taker: Order, remainder: Remainder): void {
    const listener = this.listener;
    if (remainder === 'fill-or-kill' && this.fillableFor(taker) < taker.remaining) {
      listener.finished(taker, 'canceled', CANCEL_REASON.timeInForce);
      return;
    }
    const opposite = taker.side === 'buy' ? this.asks : this.bids;
    const isBuy = taker.side === 'buy';
    let traded = false;
    while (taker.remaining > 0) {
      const level = opposite.best();
      if (level === undefined) break;
      const price = level.priceTicks;
      if (!taker.isMarket && (isBuy ? taker.priceTicks < price : taker.priceTicks > price)) break;
      const maker = level.front() as Order;

      // What the taker could trade at this price: its size, or less when its funds run out first.
      let takerSize = taker.remaining;
      let perUnit = 0n;
      if (taker.fundsRemaining !== NO_FUNDS) {
        perUnit = BigInt(price) * this.notionalScale;
        const byFunds = taker.fundsRemaining / perUnit;
        if (byFunds < BigInt(takerSize)) takerSize = Number(byFunds);
        if (takerSize <= 0) break;
      }
      if (maker.userId === taker.userId) {
        if (this.preventSelfTrade(maker, taker, level, opposite, takerSize)) continue;
        return;
      }
      let size = Math.min(takerSize, maker.remaining);
      if (taker.isMarket) size = listener.affordable(taker, price, size);
      if (size <= 0) break;

      const notional =
        perUnit === 0n ? BigInt(price) * BigInt(size) * this.notionalScale : perUnit * BigInt(size);
      maker.remaining -= size;
      level.size -= size;
      if (taker.remaining !== UNLIMITED_SIZE) taker.remaining -= size;
      if (taker.fundsRemaining !== NO_FUNDS) taker.fundsRemaining -= notional;
      traded = true;
      listener.traded(maker, taker, price, size, notional);
      if (maker.remaining === 0) {
        level.detach(maker);
        if (level.count === 0) opposite.dropLevel(level);
        listener.finished(maker, 'filled');
      }
      listener.levelChanged(maker.side, price, level.size);
    }
    this.settleRemainder(taker, remainder, traded);
  }

  /** Takes a resting order off the book (a cancel). Returns false when it was not resting. */
  remove(order: Order): boolean {
    const level = order.level;
    if (level === undefined) return false;
    const side = order.side === 'buy' ? this.bids : this.asks;
    side.remove(order);
    this.listener.levelChanged(order.side, level.priceTicks, level.size);
    return true;
  }

  /** Base increments an order could take right now at its limit, ignoring its own user's orders. */
  fillableFor(taker: Order): number {
    const opposite = taker.side === 'buy' ? this.asks : this.bids;
    const isBuy = taker.side === 'buy';
    let total = 0;
    for (const level of opposite.bestFirst()) {
      if (
        !taker.isMarket &&
        (isBuy ? taker.priceTicks < level.priceTicks : taker.priceTicks > level.priceTicks)
      )
        break;
      for (const maker of level.orders()) {
        if (maker.userId !== taker.userId) total += maker.remaining;
      }
      if (total >= taker.remaining) break;
    }
    return total;
  }

  /** Cancels a resting order for self-trade prevention. */
  private cancelResting(maker: Order, level: PriceLevel<Order>, book: BookSide<Order>): void {
    level.detach(maker);
    if (level.count === 0) book.dropLevel(level);
    this.listener.levelChanged(maker.side, level.priceTicks, level.size);
    this.listener.finished(maker, 'canceled', CANCEL_REASON.selfTradePrevention);
  }

  private settleRemainder(taker: Order, remainder: Remainder, traded: boolean): void {
    const listener = this.listener;
    const exhausted =
      taker.remaining === 0 ||
      (taker.fundsRemaining !== NO_FUNDS && taker.fundsRemaining === 0n) ||
      (taker.isMarket && traded);
    if (exhausted) {
      listener.finished(taker, 'filled');
    } else if (taker.isMarket) {
      listener.finished(taker, 'canceled', CANCEL_REASON.insufficientLiquidity);
    } else if (remainder === 'rest') {
      const book = taker.side === 'buy' ? this.bids : this.asks;
      const level = book.add(taker);
      listener.rested(taker);
      listener.levelChanged(taker.side, level.priceTicks, level.size);
    } else {
      listener.finished(taker, 'canceled', CANCEL_REASON.timeInForce);
    }
  }

  /**
   * Applies the taker's STP instruction against one of its user's resting orders.
   * Returns true when the taker is still live and matching continues.
   * `takerSize` is what the taker could trade against this maker (size, or funds at this price).
   */
  private preventSelfTrade(
    maker: Order,
    taker: Order,
    level: PriceLevel<Order>,
    book: BookSide<Order>,
    takerSize: number,
  ): boolean {
    const listener = this.listener;
    const reason = CANCEL_REASON.selfTradePrevention;
    switch (taker.stp) {
      case 'cn':
        listener.finished(taker, 'canceled', reason);
        return false;
      case 'co':
        this.cancelResting(maker, level, book);
        return true;
      case 'cb':
        this.cancelResting(maker, level, book);
        listener.finished(taker, 'canceled', reason);
        return false;
      default: {
        // dc: the smaller order is canceled and the larger decremented by it; equal sizes cancel both.
        const makerSize = maker.remaining;
        if (takerSize === makerSize) {
          this.cancelResting(maker, level, book);
          listener.finished(taker, 'canceled', reason);
          return false;
        }
        if (makerSize < takerSize) {
          const oldRemaining = taker.remaining;
          const oldFunds = taker.fundsRemaining;
          if (taker.remaining !== UNLIMITED_SIZE) taker.remaining -= makerSize;
          else taker.fundsRemaining -= BigInt(makerSize) * this.notionalPerUnit(level.priceTicks);
          this.cancelResting(maker, level, book);
          listener.changed(taker, oldRemaining, oldFunds);
          return true;
        }
        const oldRemaining = maker.remaining;
        maker.remaining -= takerSize;
        level.size -= takerSize;
        listener.changed(maker, oldRemaining, maker.fundsRemaining);
        listener.levelChanged(maker.side, level.priceTicks, level.size);
        listener.finished(taker, 'canceled', reason);
        return false;
      }
    }
  }
}
