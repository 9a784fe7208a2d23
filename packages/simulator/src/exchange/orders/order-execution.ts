import { feeFor } from '../../accounts/fee-schedule.js';
import type { DoneReason, MatchingListener } from '../../engine/matching-engine.js';
import type { EventOutbox } from '../event-outbox.js';
import type { ExchangeState, ProductState } from '../exchange-state.js';
import type { OrderRecord } from '../records.js';
import type { TradeRecord } from '../trade-tape.js';
import {
  doneEvent,
  levelUpdateEvent,
  matchEvent,
  openEvent,
  receivedEvent,
  selfTradeChangeEvent,
  tickerEvent,
} from '../wire/feed-messages.js';
import { restingHold, setHold } from './holds.js';
import { clientOidKey } from './order-request.js';

/**
 * What happens when an order meets the book: it is sent into the product's matching engine, each
 * trade is settled between the two accounts (balances, fees, fills, the trade tape), self-trade
 * prevention shrinks or cancels orders, and the remainder rests or is done. Every step queues its
 * feed message in the outbox with the product's next sequence; the level changes and the ticker
 * of a command are published once the command is complete.
 */
export class OrderExecution {
  constructor(
    private readonly state: ExchangeState,
    private readonly outbox: EventOutbox,
  ) {}

  /** The engine's listener for one product: how the exchange hears what matching did. */
  listenerFor(productState: ProductState): MatchingListener<OrderRecord> {
    return {
      traded: (maker, taker, priceTicks, size, notional) =>
        this.settleTrade(productState, maker, taker, priceTicks, size, notional),
      affordable: (taker, priceTicks, wanted) => affordable(taker, priceTicks, wanted),
      changed: (order, oldRemaining, oldFunds) =>
        this.changedBySelfTradePrevention(productState, order, oldRemaining, oldFunds),
      finished: (order, reason, cancelReason) =>
        this.finish(productState, order, reason, cancelReason, 'public'),
      rested: (order) => {
        order.status = 'open';
        const sequence = ++productState.sequence;
        if (this.outbox.hasListeners) this.outbox.publish(openEvent(order, sequence, this.state.clock.now()));
      },
      levelChanged: (side, priceTicks, size) => {
        if (this.outbox.hasListeners) productState.levelChanges.push([side, priceTicks, size]);
      },
    };
  }

  /** Sends an order into matching: `received`, then matches, then `open` or `done`. */
  execute(productState: ProductState, order: OrderRecord): void {
    const sequence = ++productState.sequence;
    if (this.outbox.hasListeners) this.outbox.publish(receivedEvent(order, sequence, this.state.clock.now()));
    const remainder = order.isMarket
      ? 'cancel'
      : order.timeInForce === 'IOC'
        ? 'cancel'
        : order.timeInForce === 'FOK'
          ? 'fill-or-kill'
          : 'rest';
    productState.engine.submit(order, remainder);
  }

  /** Cancels a not-done order: off the book, or out of the untriggered stops. */
  cancel(productState: ProductState, order: OrderRecord, cancelReason: string | undefined): void {
    if (order.status === 'active') {
      productState.stops.remove(order);
      this.finish(productState, order, 'canceled', cancelReason, 'owner');
      return;
    }
    productState.engine.remove(order);
    this.finish(productState, order, 'canceled', cancelReason, 'public');
  }

  /** Publishes the command's level changes and, after matches, a ticker. */
  publishMarketData(productState: ProductState): void {
    const lastMatch = productState.lastMatch;
    productState.lastMatch = undefined;
    const changes = productState.levelChanges;
    if (!this.outbox.hasListeners) {
      changes.length = 0;
      return;
    }
    const now = this.state.clock.now();
    if (changes.length > 0) {
      this.outbox.publish(levelUpdateEvent(productState.product, changes, now));
      changes.length = 0;
    }
    if (lastMatch !== undefined) {
      const { engine, tape } = productState;
      const bid = engine.bids.best();
      const ask = engine.asks.best();
      this.outbox.publish(
        tickerEvent(
          productState.product,
          lastMatch.trade,
          lastMatch.takerSide,
          lastMatch.sequence,
          tape.stats(now),
          bid === undefined ? undefined : { priceTicks: bid.priceTicks, size: bid.size },
          ask === undefined ? undefined : { priceTicks: ask.priceTicks, size: ask.size },
        ),
      );
    }
  }

  private finish(
    productState: ProductState,
    order: OrderRecord,
    reason: DoneReason,
    cancelReason: string | undefined,
    visibility: 'public' | 'owner',
  ): void {
    const now = this.state.clock.now();
    order.status = 'done';
    order.doneAt = now;
    order.doneReason = reason;
    order.cancelReason = cancelReason;
    setHold(order, 0n);
    order.profile.finished(order);
    if (!order.profile.keepsHistory) {
      this.state.orders.delete(order.id);
      if (order.clientOid !== undefined) order.profile.byClientOid.delete(clientOidKey(order.clientOid));
    }
    // Untriggered stops were never public: their done goes to the owner only, without a sequence.
    const sequence = visibility === 'public' ? ++productState.sequence : undefined;
    if (this.outbox.hasListeners) this.outbox.publish(doneEvent(order, sequence, now));
  }

  private settleTrade(
    productState: ProductState,
    maker: OrderRecord,
    taker: OrderRecord,
    priceTicks: number,
    size: number,
    notional: bigint,
  ): void {
    const { product, tape } = productState;
    const accounts = this.state.accountBook;
    const now = this.state.clock.now();
    const tradeId = tape.lastTradeId + 1;
    const baseAmount = BigInt(size) * product.baseAtomsPerUnit;
    const makerFee = feeFor(notional, maker.makerPpm);
    const takerFee = feeFor(notional, taker.takerPpm);
    const buyer = maker.side === 'buy' ? maker : taker;
    const seller = maker.side === 'buy' ? taker : maker;

    accounts.change(buyer.quoteAccount, -notional, 'match', buyer.id, product.id, tradeId);
    accounts.change(buyer.baseAccount, baseAmount, 'match', buyer.id, product.id, tradeId);
    accounts.change(seller.baseAccount, -baseAmount, 'match', seller.id, product.id, tradeId);
    accounts.change(seller.quoteAccount, notional, 'match', seller.id, product.id, tradeId);
    accounts.chargeFee(maker.quoteAccount, makerFee, maker.id, product.id, tradeId);
    accounts.chargeFee(taker.quoteAccount, takerFee, taker.id, product.id, tradeId);

    maker.filledSize += size;
    maker.executedValue += notional;
    maker.fillFees += makerFee;
    taker.filledSize += size;
    taker.executedValue += notional;
    taker.fillFees += takerFee;
    setHold(maker, restingHold(maker));
    if (!taker.isMarket) setHold(taker, restingHold(taker));

    if (maker.profile.keepsHistory) {
      maker.profile.fills.push({
        tradeId,
        order: maker,
        liquidity: 'M',
        priceTicks,
        size,
        notional,
        fee: makerFee,
        createdAt: now,
      });
    }
    if (taker.profile.keepsHistory) {
      taker.profile.fills.push({
        tradeId,
        order: taker,
        liquidity: 'T',
        priceTicks,
        size,
        notional,
        fee: takerFee,
        createdAt: now,
      });
    }
    const trade: TradeRecord = { tradeId, time: now, priceTicks, size, makerSide: maker.side };
    tape.record(trade);
    productState.tradedSinceStopCheck = true;
    const sequence = ++productState.sequence;
    productState.lastMatch = { trade, takerSide: taker.side, sequence };
    if (this.outbox.hasListeners) this.outbox.publish(matchEvent(maker, taker, trade, sequence));
  }

  private changedBySelfTradePrevention(
    productState: ProductState,
    order: OrderRecord,
    oldRemaining: number,
    oldFunds: bigint,
  ): void {
    if (!order.isMarket) setHold(order, restingHold(order));
    const sequence = ++productState.sequence;
    if (this.outbox.hasListeners) {
      this.outbox.publish(
        selfTradeChangeEvent(order, oldRemaining, oldFunds, sequence, this.state.clock.now()),
      );
    }
  }
}

/** For a market taker: the most base increments (≤ wanted) it can pay for (buy) or deliver (sell) at this price. */
function affordable(taker: OrderRecord, priceTicks: number, wanted: number): number {
  const product = taker.product;
  let units: bigint;
  if (taker.side === 'buy') {
    const perUnit = product.notional(priceTicks, 1);
    units = (taker.quoteAccount.available * 1_000_000n) / (perUnit * (1_000_000n + taker.takerPpm));
  } else {
    units = taker.baseAccount.available / product.baseAtomsPerUnit;
  }
  return units < BigInt(wanted) ? Number(units) : wanted;
}
