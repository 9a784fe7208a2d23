import type { FeeSchedule } from '../accounts/fee-schedule.js';
import type { OrderRecord } from './order-record.js';

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
