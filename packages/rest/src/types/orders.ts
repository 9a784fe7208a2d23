import type {
  ClientOrderIdWire,
  DecimalString,
  IsoTimestamp,
  OrderIdWire,
  ProductIdWire,
  SideWire,
} from './common.js';

/** `limit` (default), `market` or `stop`. */
export type OrderTypeWire = 'limit' | 'market' | 'stop';
/** Good till canceled (default), good till time (with `cancel_after`), immediate or cancel, fill or kill. */
export type TimeInForceWire = 'GTC' | 'GTT' | 'IOC' | 'FOK';
/** Self-trade prevention: decrement and cancel (default), cancel oldest, cancel newest, cancel both. */
export type SelfTradePrevention = 'dc' | 'co' | 'cn' | 'cb';
/** `loss` triggers at or below `stop_price`, `entry` at or above. */
export type StopDirection = 'loss' | 'entry';
/** For `GTT` orders: cancel after a minute, an hour or a day. */
export type CancelAfter = 'min' | 'hour' | 'day';
/** Where an order is in its life: pending → received → open → done (`active`: an untriggered stop). */
export type OrderStatusWire = 'pending' | 'received' | 'open' | 'active' | 'done' | 'rejected';

/** Fields every order request may carry. Field names are Coinbase's; the body is sent as written. */
export interface OrderRequestBase {
  product_id: ProductIdWire;
  side: SideWire;
  /** A UUID you choose; generated (crypto.randomUUID) before any I/O when absent. */
  client_oid?: ClientOrderIdWire;
  stp?: SelfTradePrevention;
  /** Place on this profile instead of the key's own. */
  profile_id?: string;
  /** Make it a stop order: triggers when the last trade crosses `stop_price`. */
  stop?: StopDirection;
  stop_price?: DecimalString;
}

/** A limit order: `price` and `size`, with optional time in force, post-only and stop fields. */
export interface LimitOrderRequest extends OrderRequestBase {
  type?: 'limit';
  price: DecimalString;
  size: DecimalString;
  time_in_force?: TimeInForceWire;
  /** Only with `time_in_force: 'GTT'`. */
  cancel_after?: CancelAfter;
  /** Maker only: refused with `post_only` if it would take. Not with IOC or FOK. */
  post_only?: boolean;
  /** Take-profit/stop-loss: the limit price applied once the stop triggers. */
  stop_limit_price?: DecimalString;
  /** Iceberg display size (withdrawn by Coinbase in 2025; kept for venues that still accept it). */
  max_floor?: DecimalString;
}

/** A market order by base `size` (buy or sell that much). */
export interface MarketOrderBySizeRequest extends OrderRequestBase {
  type: 'market';
  size: DecimalString;
  funds?: undefined;
}

/** A market order by quote `funds` (spend or receive that much). */
export interface MarketOrderByFundsRequest extends OrderRequestBase {
  type: 'market';
  funds: DecimalString;
  size?: undefined;
}

/** A stop order: triggers at `stop_price`, then executes at `price` (stop-limit). */
export interface StopOrderRequest extends OrderRequestBase {
  type: 'stop';
  stop_price: DecimalString;
  price?: DecimalString;
  size?: DecimalString;
  funds?: DecimalString;
}

/** The body of `POST /orders`. Money fields are decimal strings; numbers are refused before I/O. */
export type PlaceOrderRequest =
  | LimitOrderRequest
  | MarketOrderBySizeRequest
  | MarketOrderByFundsRequest
  | StopOrderRequest;

/** An order as Coinbase returns it. Only the fields marked required are always present. */
export interface Order {
  id: OrderIdWire;
  product_id: ProductIdWire;
  side: SideWire;
  type: OrderTypeWire;
  status: OrderStatusWire;
  post_only: boolean;
  settled: boolean;
  created_at: IsoTimestamp;
  fill_fees: DecimalString;
  filled_size: DecimalString;
  executed_value?: DecimalString;
  price?: DecimalString;
  size?: DecimalString;
  funds?: DecimalString;
  specified_funds?: DecimalString;
  profile_id?: string;
  time_in_force?: TimeInForceWire;
  expire_time?: IsoTimestamp;
  done_at?: IsoTimestamp;
  done_reason?: 'filled' | 'canceled' | 'rejected' | string;
  reject_reason?: string;
  stp?: SelfTradePrevention;
  stop?: StopDirection;
  stop_price?: DecimalString;
  stop_limit_price?: DecimalString;
  funding_amount?: DecimalString;
  client_oid?: ClientOrderIdWire;
  market_type?: string;
  max_floor?: DecimalString;
  secondary_order_id?: string;
}

/** A status filter for `listOrders`; `all` includes done orders. Default: open, pending and active. */
export type OrderStatusFilter = OrderStatusWire | 'all';

/** Filters of `listOrders` / `iterateOrders`. */
export interface OrderFilter {
  productId?: ProductIdWire;
  /** One status or several (sent as repeated `status=`). */
  status?: OrderStatusFilter | readonly OrderStatusFilter[];
  profileId?: string;
  sortedBy?: 'created_at' | 'price' | 'size' | 'order_id' | 'side' | 'type';
  sorting?: 'asc' | 'desc';
  startDate?: IsoTimestamp;
  endDate?: IsoTimestamp;
  marketType?: string;
}
