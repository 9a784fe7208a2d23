import { formatFeeRate } from '../../accounts/fee-schedule.js';
import { UNLIMITED_SIZE } from '../../engine/engine-order.js';
import type { ExchangeEvent, SideWire } from '../contract.js';
import type { Product } from '../products.js';
import type { OrderRecord } from '../records.js';
import type { TradeRecord, TradeStats } from '../trade-tape.js';
import { isoTime, marketPrice, wireAmount, wireSize } from './wire-format.js';

/**
 * Builders of the messages the exchange publishes, in Coinbase's `full`, `ticker` and level-2
 * shapes. Pure: the exchange assigns sequences and decides when to publish.
 */

type FullMessage = Record<string, unknown> & { type: string; sequence?: number };

/** The owner of an order, for the transport's private routing. */
export function ownerOf(order: OrderRecord): { profileId: string; userId: string } {
  return { profileId: order.profile.profileId, userId: order.userId };
}

function privateOf(order: OrderRecord): Record<string, unknown> {
  return { user_id: order.userId, profile_id: order.profile.profileId };
}

/**
 * A `full` channel event about one order, routed to its owner with `privateFields` added for them
 * only. Serves `received`, `open`, `done` and STP `change`.
 */
function orderEvent(
  order: OrderRecord,
  message: FullMessage,
  privateFields: Record<string, unknown> = privateOf(order),
): Extract<ExchangeEvent, { kind: 'full' }> {
  return { kind: 'full', productId: order.product.id, message, owner: ownerOf(order), privateFields };
}

/** `received`: the order entered the matching engine. `client_oid` is private to its owner. */
export function receivedEvent(order: OrderRecord, sequence: number, now: number): ExchangeEvent {
  const product = order.product;
  const message: FullMessage = {
    type: 'received',
    time: isoTime(now),
    product_id: product.id,
    sequence,
    order_id: order.id,
    side: order.side,
    order_type: order.isMarket ? 'market' : 'limit',
  };
  if (order.size !== undefined) message.size = wireSize(product, order.size);
  if (!order.isMarket) message.price = marketPrice(product, order.priceTicks);
  if (order.funds !== undefined) message.funds = wireAmount(order.funds);
  const privateFields = privateOf(order);
  if (order.clientOid !== undefined) privateFields.client_oid = order.clientOid;
  return orderEvent(order, message, privateFields);
}

/** `open`: the order's remainder rests on the book. */
export function openEvent(order: OrderRecord, sequence: number, now: number): ExchangeEvent {
  const product = order.product;
  return orderEvent(order, {
    type: 'open',
    time: isoTime(now),
    product_id: product.id,
    sequence,
    order_id: order.id,
    price: marketPrice(product, order.priceTicks),
    remaining_size: wireSize(product, order.remaining),
    side: order.side,
  });
}

/** `done`: filled or canceled; owner-only (no sequence) for a stop that never triggered. */
export function doneEvent(order: OrderRecord, sequence: number | undefined, now: number): ExchangeEvent {
  const product = order.product;
  const message: FullMessage = {
    type: 'done',
    time: isoTime(now),
    product_id: product.id,
    order_id: order.id,
    reason: order.doneReason,
    side: order.side,
  };
  if (sequence !== undefined) message.sequence = sequence;
  if (!order.isMarket) message.price = marketPrice(product, order.priceTicks);
  if (order.remaining !== UNLIMITED_SIZE) message.remaining_size = wireSize(product, order.remaining);
  const privateFields = privateOf(order);
  if (order.cancelReason !== undefined) privateFields.cancel_reason = order.cancelReason;
  return {
    ...orderEvent(order, message, privateFields),
    visibility: sequence === undefined ? 'owner' : 'public',
  };
}

/** `match`: a trade; each side's owner sees its own user, profile and fee-rate fields. */
export function matchEvent(
  maker: OrderRecord,
  taker: OrderRecord,
  trade: TradeRecord,
  sequence: number,
): ExchangeEvent {
  const product = maker.product;
  return {
    kind: 'full',
    productId: product.id,
    message: {
      type: 'match',
      trade_id: trade.tradeId,
      sequence,
      maker_order_id: maker.id,
      taker_order_id: taker.id,
      time: isoTime(trade.time),
      product_id: product.id,
      size: wireSize(product, trade.size),
      price: marketPrice(product, trade.priceTicks),
      side: maker.side,
    },
    makerOwner: ownerOf(maker),
    takerOwner: ownerOf(taker),
    makerPrivateFields: {
      maker_user_id: maker.userId,
      user_id: maker.userId,
      maker_profile_id: maker.profile.profileId,
      profile_id: maker.profile.profileId,
      maker_fee_rate: formatFeeRate(maker.makerPpm),
    },
    takerPrivateFields: {
      taker_user_id: taker.userId,
      user_id: taker.userId,
      taker_profile_id: taker.profile.profileId,
      profile_id: taker.profile.profileId,
      taker_fee_rate: formatFeeRate(taker.takerPpm),
    },
  };
}

/** `change` with reason STP: self-trade prevention shrank an order's size (or a market order's funds). */
export function selfTradeChangeEvent(
  order: OrderRecord,
  oldRemaining: number,
  oldFunds: bigint,
  sequence: number,
  now: number,
): ExchangeEvent {
  const product = order.product;
  const message: FullMessage = {
    type: 'change',
    reason: 'STP',
    time: isoTime(now),
    sequence,
    order_id: order.id,
    side: order.side,
    product_id: product.id,
    price: order.isMarket ? null : marketPrice(product, order.priceTicks),
  };
  if (order.remaining !== UNLIMITED_SIZE) {
    message.old_size = wireSize(product, oldRemaining);
    message.new_size = wireSize(product, order.remaining);
  } else {
    message.old_funds = wireAmount(oldFunds);
    message.new_funds = wireAmount(order.fundsRemaining);
  }
  return orderEvent(order, message);
}

/** `activate`: a stop order was placed (private, epoch `timestamp`, no sequence). */
export function activateEvent(order: OrderRecord, now: number): ExchangeEvent {
  const product = order.product;
  return {
    kind: 'full',
    productId: product.id,
    message: {
      type: 'activate',
      product_id: product.id,
      timestamp: (now / 1000).toFixed(6),
      user_id: order.userId,
      profile_id: order.profile.profileId,
      order_id: order.id,
      stop_type: order.stopKind,
      side: order.side,
      stop_price: marketPrice(product, order.stopTicks),
      size: order.size === undefined ? undefined : wireSize(product, order.size),
      funds: order.funds === undefined ? undefined : wireAmount(order.funds),
      private: true,
    },
    owner: ownerOf(order),
    visibility: 'owner',
  };
}

/** One `l2update` with a command's level changes, the last value per level winning. */
export function levelUpdateEvent(
  product: Product,
  changes: ReadonlyArray<readonly [SideWire, number, number]>,
  now: number,
): ExchangeEvent {
  const seen = new Set<number>();
  const wire: Array<[SideWire, string, string]> = [];
  for (let index = changes.length - 1; index >= 0; index -= 1) {
    const [side, priceTicks, size] = changes[index] as readonly [SideWire, number, number];
    const key = side === 'buy' ? priceTicks : -priceTicks - 1;
    if (seen.has(key)) continue;
    seen.add(key);
    wire.push([side, marketPrice(product, priceTicks), wireSize(product, size)]);
  }
  wire.reverse();
  return { kind: 'l2update', productId: product.id, changes: wire, time: isoTime(now) };
}

/** The best level of one side, as the ticker shows it. */
export interface TopOfBook {
  priceTicks: number;
  size: number;
}

/** `ticker` after a command's matches: the last trade, 24 h stats and the top of the book. */
export function tickerEvent(
  product: Product,
  trade: TradeRecord,
  takerSide: SideWire,
  sequence: number,
  stats: TradeStats,
  bid: TopOfBook | undefined,
  ask: TopOfBook | undefined,
): ExchangeEvent {
  return {
    kind: 'ticker',
    productId: product.id,
    message: {
      type: 'ticker',
      sequence,
      product_id: product.id,
      price: marketPrice(product, trade.priceTicks),
      open_24h: marketPrice(product, stats.open),
      volume_24h: wireSize(product, stats.volume),
      low_24h: marketPrice(product, stats.low),
      high_24h: marketPrice(product, stats.high),
      volume_30d: wireSize(product, stats.volume30d),
      best_bid: bid === undefined ? '' : marketPrice(product, bid.priceTicks),
      best_bid_size: bid === undefined ? '' : wireSize(product, bid.size),
      best_ask: ask === undefined ? '' : marketPrice(product, ask.priceTicks),
      best_ask_size: ask === undefined ? '' : wireSize(product, ask.size),
      side: takerSide,
      time: isoTime(trade.time),
      trade_id: trade.tradeId,
      last_size: wireSize(product, trade.size),
    },
  };
}
