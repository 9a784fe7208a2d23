/** What a venue says about our own orders: status reports, fills and resizes. */
import type { Decimal } from 'decimal.js';
import type { ClientOrderId, OrderId, ProductId } from './ids.js';
import type { OrderType, Side } from './product-rules.js';

/** Where a report came from: the live feed (`user` channel) or a REST answer. */
export type ReportSource = 'feed' | 'rest';

/** One execution of one of our orders. */
export interface Fill {
  /**
   * The venue's trade id, opaque: compare it for equality only. With `orderId` it identifies the
   * fill. Coinbase Exchange's numeric ids arrive as decimal digits, Advanced Trade's are strings;
   * a venue without trade ids (a backtest) makes up one that is unique per product and order.
   */
  readonly tradeId: string;
  readonly productId: ProductId;
  readonly orderId: OrderId;
  /** Known when the venue tells it; the order manager fills it in otherwise. */
  readonly clientOrderId?: ClientOrderId;
  /** Our side. */
  readonly side: Side;
  readonly price: Decimal;
  readonly size: Decimal;
  /** Fee paid, in quote currency. */
  readonly fee: Decimal;
  readonly liquidity: 'maker' | 'taker';
  readonly time: number;
  readonly source: ReportSource;
}

/** What a venue says about an order's status (a report, used to update and reconcile). */
export type ReportedOrderStatus = 'pending' | 'open' | 'filled' | 'canceled' | 'rejected';

/**
 * Self-trade prevention (or another venue rule) shrank a resting order: its remaining size went
 * from `oldSize` to `newSize` without a fill (Coinbase's `change` message, reason `STP`).
 */
export interface OrderResize {
  readonly orderId: OrderId;
  readonly productId: ProductId;
  readonly oldSize: Decimal;
  readonly newSize: Decimal;
  readonly reason: string;
  readonly time: number;
  readonly source: ReportSource;
}

/** A venue's report of one order's status. Fills arrive separately as {@link Fill}s. */
export interface OrderReport {
  readonly orderId: OrderId;
  readonly clientOrderId?: ClientOrderId;
  readonly productId: ProductId;
  readonly side: Side;
  readonly type: OrderType;
  readonly status: ReportedOrderStatus;
  readonly price?: Decimal;
  readonly size?: Decimal;
  readonly funds?: Decimal;
  readonly stopPrice?: Decimal;
  /** Filled size according to the venue, when it says (REST does; the feed does not). */
  readonly filledSize?: Decimal;
  readonly rejectReason?: string;
  readonly time: number;
  readonly source: ReportSource;
}
