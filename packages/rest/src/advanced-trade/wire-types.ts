/**
 * Advanced Trade's wire shapes (`/api/v3/brokerage/...`), as Coinbase sends them: decimals are
 * strings, times RFC 3339 strings, enums upper-case strings. Every name carries the
 * `AdvancedTrade` prefix so none clashes with the Exchange client's or strategy-kit's names.
 */
import type { DecimalString, IsoTimestamp, ProductIdWire } from '../types/common.js';

/** `BUY` or `SELL`. */
export type AdvancedTradeSide = 'BUY' | 'SELL';

/** An amount with its currency, e.g. `{ value: "100.5", currency: "USD" }`. */
export interface AdvancedTradeAmount {
  value: DecimalString;
  currency: string;
}

/** `GET /accounts` entry. */
export interface AdvancedTradeAccount {
  uuid: string;
  name: string;
  currency: string;
  available_balance: AdvancedTradeAmount;
  default: boolean;
  active: boolean;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
  deleted_at: IsoTimestamp | null;
  type: string;
  ready: boolean;
  hold: AdvancedTradeAmount;
  retail_portfolio_id: string;
  platform?: string;
}

/** A spot product (`GET /products/{id}`, `/market/products/{id}`). */
export interface AdvancedTradeProduct {
  product_id: ProductIdWire;
  price: DecimalString;
  price_percentage_change_24h: DecimalString;
  volume_24h: DecimalString;
  base_increment: DecimalString;
  quote_increment: DecimalString;
  quote_min_size: DecimalString;
  quote_max_size: DecimalString;
  base_min_size: DecimalString;
  base_max_size: DecimalString;
  base_name: string;
  quote_name: string;
  is_disabled: boolean;
  status: string;
  cancel_only: boolean;
  limit_only: boolean;
  post_only: boolean;
  trading_disabled: boolean;
  auction_mode: boolean;
  product_type: string;
  quote_currency_id: string;
  base_currency_id: string;
  mid_market_price: DecimalString;
  price_increment: DecimalString;
  display_name: string;
  [field: string]: unknown;
}

/** A price level of a pricebook. */
export interface AdvancedTradeBookLevel {
  price: DecimalString;
  size: DecimalString;
}

/** Bids (best first) and asks (best first) of one product. */
export interface AdvancedTradePricebook {
  product_id: ProductIdWire;
  bids: AdvancedTradeBookLevel[];
  asks: AdvancedTradeBookLevel[];
  time: IsoTimestamp;
}

/** `GET /product_book`. */
export interface AdvancedTradeProductBook {
  pricebook: AdvancedTradePricebook;
  last?: DecimalString;
  mid_market?: DecimalString;
  spread_bps?: DecimalString;
  spread_absolute?: DecimalString;
}

/** Candle granularities Advanced Trade accepts. */
export type AdvancedTradeGranularity =
  | 'ONE_MINUTE'
  | 'FIVE_MINUTE'
  | 'FIFTEEN_MINUTE'
  | 'THIRTY_MINUTE'
  | 'ONE_HOUR'
  | 'TWO_HOUR'
  | 'SIX_HOUR'
  | 'ONE_DAY';

/** One candle; `start` is UNIX seconds as a string. */
export interface AdvancedTradeCandle {
  start: string;
  low: DecimalString;
  high: DecimalString;
  open: DecimalString;
  close: DecimalString;
  volume: DecimalString;
}

/** A public trade of `GET /products/{id}/ticker`. */
export interface AdvancedTradeMarketTrade {
  trade_id: string;
  product_id: ProductIdWire;
  price: DecimalString;
  size: DecimalString;
  time: IsoTimestamp;
  side: AdvancedTradeSide;
  exchange?: string;
}

/** `GET /products/{id}/ticker`. */
export interface AdvancedTradeMarketTrades {
  trades: AdvancedTradeMarketTrade[];
  best_bid: DecimalString;
  best_ask: DecimalString;
}

/** `GET /time`. */
export interface AdvancedTradeServerTime {
  iso: IsoTimestamp;
  epochSeconds: string;
  epochMillis: string;
}

/** `STOP_DIRECTION_STOP_UP` triggers when the price rises to the stop, `STOP_DOWN` when it falls to it. */
export type AdvancedTradeStopDirection = 'STOP_DIRECTION_STOP_UP' | 'STOP_DIRECTION_STOP_DOWN';

/** Exactly one order configuration, keyed by its Advanced Trade name. */
export type AdvancedTradeOrderConfiguration =
  | { market_market_ioc: { quote_size: DecimalString } | { base_size: DecimalString } }
  | { sor_limit_ioc: { base_size: DecimalString; limit_price: DecimalString } }
  | { limit_limit_gtc: { base_size: DecimalString; limit_price: DecimalString; post_only?: boolean } }
  | {
      limit_limit_gtd: {
        base_size: DecimalString;
        limit_price: DecimalString;
        end_time: IsoTimestamp;
        post_only?: boolean;
      };
    }
  | { limit_limit_fok: { base_size: DecimalString; limit_price: DecimalString } }
  | {
      stop_limit_stop_limit_gtc: {
        base_size: DecimalString;
        limit_price: DecimalString;
        stop_price: DecimalString;
        stop_direction: AdvancedTradeStopDirection;
      };
    }
  | {
      stop_limit_stop_limit_gtd: {
        base_size: DecimalString;
        limit_price: DecimalString;
        stop_price: DecimalString;
        end_time: IsoTimestamp;
        stop_direction: AdvancedTradeStopDirection;
      };
    }
  | {
      trigger_bracket_gtc: {
        base_size: DecimalString;
        limit_price: DecimalString;
        stop_trigger_price: DecimalString;
      };
    }
  | {
      trigger_bracket_gtd: {
        base_size: DecimalString;
        limit_price: DecimalString;
        stop_trigger_price: DecimalString;
        end_time: IsoTimestamp;
      };
    };

/** The order configuration names. */
export type AdvancedTradeOrderConfigurationKind = AdvancedTradeOrderConfiguration extends infer C
  ? C extends unknown
    ? keyof C
    : never
  : never;

/** What `createOrder` takes; `client_order_id` is generated when absent. */
export interface AdvancedTradeCreateOrderRequest {
  product_id: ProductIdWire;
  side: AdvancedTradeSide;
  order_configuration: AdvancedTradeOrderConfiguration;
  client_order_id?: string;
  retail_portfolio_id?: string;
}

/** `POST /orders` answer. */
export interface AdvancedTradeCreateOrderResponse {
  success: boolean;
  success_response?: {
    order_id: string;
    product_id: ProductIdWire;
    side: AdvancedTradeSide;
    client_order_id: string;
  };
  error_response?: AdvancedTradeOrderErrorResponse;
  failure_reason?: string;
  order_configuration?: AdvancedTradeOrderConfiguration;
}

/** Why an order was refused (`error_response` of `POST /orders`). */
export interface AdvancedTradeOrderErrorResponse {
  error: string;
  message: string;
  error_details: string;
  preview_failure_reason?: string;
  new_order_failure_reason?: string;
}

/** Advanced Trade's order states. */
export type AdvancedTradeOrderStatus =
  | 'PENDING'
  | 'OPEN'
  | 'FILLED'
  | 'CANCELLED'
  | 'EXPIRED'
  | 'FAILED'
  | 'UNKNOWN_ORDER_STATUS'
  | 'QUEUED'
  | 'CANCEL_QUEUED'
  | 'EDIT_QUEUED';

/** An order as `GET /orders/historical/{id}` shows it. */
export interface AdvancedTradeOrder {
  order_id: string;
  product_id: ProductIdWire;
  user_id: string;
  order_configuration: AdvancedTradeOrderConfiguration;
  side: AdvancedTradeSide;
  client_order_id: string;
  status: AdvancedTradeOrderStatus;
  time_in_force: string;
  created_time: IsoTimestamp;
  completion_percentage: DecimalString;
  filled_size: DecimalString;
  average_filled_price: DecimalString;
  number_of_fills: string;
  filled_value: DecimalString;
  pending_cancel: boolean;
  size_in_quote: boolean;
  total_fees: DecimalString;
  size_inclusive_of_fees: boolean;
  total_value_after_fees: DecimalString;
  trigger_status: string;
  order_type: string;
  reject_reason: string;
  settled: boolean;
  product_type: string;
  reject_message: string;
  cancel_message: string;
  outstanding_hold_amount: DecimalString;
  last_fill_time: IsoTimestamp | null;
  edit_history?: Array<{ price: DecimalString; size: DecimalString; replace_accept_timestamp: IsoTimestamp }>;
  retail_portfolio_id: string;
  [field: string]: unknown;
}

/** Filters of `GET /orders/historical/batch`. */
export interface AdvancedTradeOrderFilter {
  orderIds?: string[];
  productIds?: ProductIdWire[];
  orderStatus?: AdvancedTradeOrderStatus[];
  orderTypes?: string[];
  orderSide?: AdvancedTradeSide;
  timeInForces?: string[];
  /** RFC 3339. */
  startDate?: IsoTimestamp;
  /** RFC 3339. */
  endDate?: IsoTimestamp;
  productType?: string;
}

/** A fill of `GET /orders/historical/fills`. */
export interface AdvancedTradeFill {
  entry_id: string;
  trade_id: string;
  order_id: string;
  trade_time: IsoTimestamp;
  trade_type: string;
  price: DecimalString;
  size: DecimalString;
  commission: DecimalString;
  product_id: ProductIdWire;
  sequence_timestamp: IsoTimestamp;
  liquidity_indicator: 'MAKER' | 'TAKER' | 'UNKNOWN_LIQUIDITY_INDICATOR';
  size_in_quote: boolean;
  user_id: string;
  side: AdvancedTradeSide;
  retail_portfolio_id?: string;
}

/** Filters of `GET /orders/historical/fills`. */
export interface AdvancedTradeFillFilter {
  orderIds?: string[];
  productIds?: ProductIdWire[];
  tradeIds?: string[];
  startSequenceTimestamp?: IsoTimestamp;
  endSequenceTimestamp?: IsoTimestamp;
}

/** One result of `POST /orders/batch_cancel`. */
export interface AdvancedTradeCancelResult {
  success: boolean;
  failure_reason: string;
  order_id: string;
}

/** `POST /orders/preview` answer. */
export interface AdvancedTradeOrderPreview {
  order_total: DecimalString;
  commission_total: DecimalString;
  errs: string[];
  warning: string[];
  quote_size: DecimalString;
  base_size: DecimalString;
  best_bid: DecimalString;
  best_ask: DecimalString;
  is_max: boolean;
  preview_id?: string;
  [field: string]: unknown;
}

/** What `editOrder` / `previewEditOrder` take: the new total size and limit price. */
export interface AdvancedTradeEditOrderRequest {
  order_id: string;
  price: DecimalString;
  size: DecimalString;
}

/** `POST /orders/edit` answer. */
export interface AdvancedTradeEditOrderResponse {
  success: boolean;
  errors: Array<{ edit_failure_reason?: string; preview_failure_reason?: string }>;
}

/** `POST /orders/edit_preview` answer. */
export interface AdvancedTradeEditPreview {
  errors: Array<{ edit_failure_reason?: string; preview_failure_reason?: string }>;
  slippage?: DecimalString;
  order_total?: DecimalString;
  commission_total?: DecimalString;
  quote_size?: DecimalString;
  base_size?: DecimalString;
  best_bid?: DecimalString;
  best_ask?: DecimalString;
  average_filled_price?: DecimalString;
}

/** `GET /transaction_summary`. */
export interface AdvancedTradeTransactionSummary {
  total_volume: number;
  total_fees: number;
  fee_tier: {
    pricing_tier: string;
    usd_from: DecimalString;
    usd_to: DecimalString;
    taker_fee_rate: DecimalString;
    maker_fee_rate: DecimalString;
  };
  [field: string]: unknown;
}

/** A portfolio of `GET /portfolios`. */
export interface AdvancedTradePortfolio {
  name: string;
  uuid: string;
  type: string;
  deleted: boolean;
}

/** `GET /key_permissions`. */
export interface AdvancedTradeKeyPermissions {
  can_view: boolean;
  can_trade: boolean;
  can_transfer: boolean;
  portfolio_uuid: string;
  portfolio_type: string;
}

/** One page of a cursor-paged list. */
export interface AdvancedTradePage<T> {
  items: T[];
  /** Pass as `cursor` for the next page; undefined on the last page. */
  cursor: string | undefined;
}
