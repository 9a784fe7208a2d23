import { buyHoldFor } from '../../accounts/fee-schedule.js';
import type { OrderRecord } from '../records.js';

/**
 * Sets what an order holds in its hold account (quote for buys, base for sells). The account's
 * `hold` is the sum of its orders' holds, so it moves by the difference.
 */
export function setHold(order: OrderRecord, hold: bigint): void {
  if (hold === order.hold) return;
  order.holdAccount.hold += hold - order.hold;
  order.hold = hold;
}

/** The hold a resting limit order needs for what it still has to trade (a buy reserves the taker fee too). */
export function restingHold(order: OrderRecord): bigint {
  if (order.side === 'buy')
    return buyHoldFor(order.product.notional(order.priceTicks, order.remaining), order.takerPpm);
  return BigInt(order.remaining) * order.product.baseAtomsPerUnit;
}
