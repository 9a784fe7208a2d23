import type { Account } from '../../accounts/account.js';
import type { AccountWire, FillWire, OrderWire } from '../contract.js';
import type { FillRecord, OrderRecord } from '../records.js';
import { isoTime, orderPrice, wireAmount, wireSize } from './wire-format.js';

/** An account as `GET /accounts` shows it. */
export function accountWire(account: Account): AccountWire {
  return {
    id: account.id,
    currency: account.currency,
    balance: wireAmount(account.balance),
    hold: wireAmount(account.hold),
    available: wireAmount(account.available),
    profile_id: account.profileId,
    trading_enabled: true,
    pending_deposit: wireAmount(0n),
    display_name: account.currency,
  };
}

/** An order as `GET /orders/{id}` shows it (market orders carry no price). */
export function orderWire(order: OrderRecord): OrderWire {
  const product = order.product;
  const wire: OrderWire = {
    id: order.id,
    product_id: product.id,
    profile_id: order.profile.profileId,
    side: order.side,
    type: order.type,
    time_in_force: order.timeInForce,
    post_only: order.postOnly,
    created_at: isoTime(order.createdAt),
    fill_fees: wireAmount(order.fillFees),
    filled_size: wireSize(product, order.filledSize),
    executed_value: wireAmount(order.executedValue),
    status: order.status,
    settled: order.status === 'done',
    stp: order.stp,
  };
  if (!order.isMarket) wire.price = orderPrice(product, order.priceTicks);
  if (order.size !== undefined) wire.size = wireSize(product, order.size);
  if (order.funds !== undefined) wire.funds = wireAmount(order.funds);
  if (order.specifiedFunds !== undefined) wire.specified_funds = wireAmount(order.specifiedFunds);
  if (order.expireTime !== undefined) wire.expire_time = isoTime(order.expireTime);
  if (order.doneAt !== undefined) wire.done_at = isoTime(order.doneAt);
  if (order.doneReason !== undefined) wire.done_reason = order.doneReason;
  if (order.stopKind !== undefined) {
    wire.stop = order.stopKind;
    wire.stop_price = orderPrice(product, order.stopTicks);
  }
  if (order.clientOid !== undefined) wire.client_oid = order.clientOid;
  return wire;
}

/** A fill as `GET /fills` shows it; `usdVolume` is the notional in USD atoms. */
export function fillWire(fill: FillRecord, usdVolume: bigint): FillWire {
  const order = fill.order;
  const product = order.product;
  return {
    created_at: isoTime(fill.createdAt),
    trade_id: fill.tradeId,
    product_id: product.id,
    order_id: order.id,
    user_id: order.userId,
    profile_id: order.profile.profileId,
    liquidity: fill.liquidity,
    price: orderPrice(product, fill.priceTicks),
    size: wireSize(product, fill.size),
    fee: wireAmount(fill.fee),
    side: order.side,
    settled: true,
    usd_volume: wireAmount(usdVolume),
    market_type: 'spot',
    funding_currency: product.quoteCurrency,
  };
}
