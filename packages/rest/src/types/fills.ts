import type { DecimalString, IsoTimestamp, OrderId, ProductId, Side } from './common.js';

/** One of your executions, from `GET /fills`, newest first. */
export interface Fill {
  created_at: IsoTimestamp;
  trade_id: number;
  product_id: ProductId;
  order_id: OrderId;
  user_id?: string;
  profile_id?: string;
  /** `M` maker, `T` taker. */
  liquidity: 'M' | 'T' | string;
  price: DecimalString;
  size: DecimalString;
  /** In the quote currency. */
  fee: DecimalString;
  /** Your order's side. */
  side: Side;
  settled: boolean;
  usd_volume?: DecimalString | null;
  market_type?: string;
  funding_currency?: string;
}

/** Filters of `getFills` / `iterateFills`: `orderId` or `productId` (at least one). */
export interface FillFilter {
  orderId?: OrderId;
  productId?: ProductId;
  profileId?: string;
  marketType?: string;
  startDate?: IsoTimestamp;
  endDate?: IsoTimestamp;
}
