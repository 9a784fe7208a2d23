/**
 * The records the exchange keeps: an order, a fill, and a profile's orders and fills. They point
 * at each other (an order knows its profile, a profile lists its orders and fills), so they share
 * one file rather than import each other.
 */
import type { Account } from '../accounts/account.js';
import type { FeeSchedule } from '../accounts/fee-schedule.js';
import type { EngineOrder } from '../engine/engine-order.js';
import type { OrderStatusWire, OrderTypeWire, TimeInForceWire } from './contract.js';
import type { Product } from './products.js';

/**
 * Everything the exchange keeps about one order. It is also the engine's order (extends
 * EngineOrder), so matching updates it in place.
 */
export interface OrderRecord extends EngineOrder {
  readonly product: Product;
  readonly profile: ProfileState;
  /** Exchange-wide creation number: time priority among equal timestamps and the `/orders` cursor. */
  readonly createdSequence: number;
  readonly createdAt: number;
  /** The type as requested (`stop` for legacy stop orders). */
  readonly type: OrderTypeWire;
  readonly timeInForce: TimeInForceWire;
  readonly postOnly: boolean;
  readonly expireTime: number | undefined;
  readonly clientOid: string | undefined;
  /** Requested size in base increments, when the order has one. */
  readonly size: number | undefined;
  /** Requested funds in quote atoms (market orders by funds). */
  readonly specifiedFunds: bigint | undefined;
  /** Funds available for notional after the fee reserve (buys) or as requested (sells). */
  readonly funds: bigint | undefined;
  readonly stopKind: 'loss' | 'entry' | undefined;
  readonly stopTicks: number;
  readonly makerPpm: bigint;
  readonly takerPpm: bigint;
  status: OrderStatusWire;
  doneAt: number | undefined;
  doneReason: 'filled' | 'canceled' | undefined;
  cancelReason: string | undefined;
  filledSize: number;
  executedValue: bigint;
  fillFees: bigint;
  /** The amount this order holds now, in `holdAccount`'s currency (0 when done). */
  hold: bigint;
  readonly baseAccount: Account;
  readonly quoteAccount: Account;
  /** The account the hold sits in: quote for buys, base for sells. */
  readonly holdAccount: Account;
  holdId: string | undefined;
}

/** One fill as the profile sees it (Coinbase's `/fills`). */
export interface FillRecord {
  readonly tradeId: number;
  readonly order: OrderRecord;
  readonly liquidity: 'M' | 'T';
  readonly priceTicks: number;
  readonly size: number;
  readonly notional: bigint;
  readonly fee: bigint;
  readonly createdAt: number;
}

/**
 * A profile's orders and fills. The background market's profile keeps no history (its done
 * orders are forgotten, it records no fills), so a long run does not grow without bound.
 */
export class ProfileState {
  /** Orders oldest first (done ones only when `keepsHistory`). */
  readonly orders: OrderRecord[] = [];
  readonly fills: FillRecord[] = [];
  /** Latest order per normalized client_oid. */
  readonly byClientOid = new Map<string, OrderRecord>();
  /** Not-done orders per product id (open, and untriggered stops). */
  private readonly openCounts = new Map<string, number>();
  private forgottenOrders = 0;

  constructor(
    readonly profileId: string,
    readonly userId: string,
    public fees: FeeSchedule,
    readonly keepsHistory: boolean,
  ) {}

  openCount(productId: string): number {
    return this.openCounts.get(productId) ?? 0;
  }

  /** Records a new, accepted order. */
  added(order: OrderRecord): void {
    this.orders.push(order);
    this.openCounts.set(order.product.id, this.openCount(order.product.id) + 1);
  }

  /** Notes that an order is done; forgets it when the profile keeps no history. */
  finished(order: OrderRecord): void {
    this.openCounts.set(order.product.id, this.openCount(order.product.id) - 1);
    if (!this.keepsHistory) {
      this.forgottenOrders += 1;
      if (this.forgottenOrders > 256 && this.forgottenOrders * 2 > this.orders.length) {
        const live = this.orders.filter((candidate) => candidate.status !== 'done');
        this.orders.length = 0;
        this.orders.push(...live);
        this.forgottenOrders = 0;
      }
    }
  }
}
