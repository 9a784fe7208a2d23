import type { DecimalString, IsoTimestamp, OrderIdWire, ProductIdWire, SideWire } from './common.js';

/** One of your executions, from `GET /fills`, newest first. */
export interface FillWire {
  created_at: IsoTimestamp;
  trade_id: number;
  product_id: ProductIdWire;
  order_id: OrderIdWire;
  user_id?: string;
  profile_id?: string;
  /** `M` maker, `T` taker. */
  liquidity: 'M' | 'T' | string;
  price: DecimalString;
  size: DecimalString;
  /** In the quote currency. */
  fee: DecimalString;
  /** Your order's side. */
  side: SideWire;
  settled: boolean;
  usd_volume?: DecimalString | null;
  market_type?: string;
  funding_currency?: string;
}

/** Filters of `getFills` / `iterateFills`: `orderId` or `productId` (at least one). */
export interface FillFilter {
  orderId?: OrderIdWire;
  productId?: ProductIdWire;
  profileId?: string;
  marketType?: string;
  startDate?: IsoTimestamp;
  endDate?: IsoTimestamp;
}
