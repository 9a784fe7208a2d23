/**
 * The seam between the simulator's in-process exchange (engine, accounts, market: `src/engine`,
 * `src/accounts`, `src/market`, wired together by `src/exchange/exchange.ts`) and its transport
 * (`src/server`: HTTP, WebSocket, auth, rate limits, faults). The transport never reaches past
 * this interface; a backtest drives the same object in-process.
 *
 * Wire shapes follow Coinbase Exchange exactly (see shared/docs/coinbase-exchange-protocol.md):
 * decimals are strings, ids and sequences are numbers where Coinbase sends numbers.
 */

/** Order side. */
export type SideWire = 'buy' | 'sell';
/** `type` of `POST /orders` (`stop` is the legacy stop type). */
export type OrderTypeWire = 'limit' | 'market' | 'stop';
/** `time_in_force` of `POST /orders`. */
export type TimeInForceWire = 'GTC' | 'GTT' | 'IOC' | 'FOK';
/** Self-trade prevention: decrement and cancel, cancel oldest, cancel newest, cancel both. */
export type SelfTradePreventionWire = 'dc' | 'co' | 'cn' | 'cb';
/** Order statuses as Coinbase reports them (`active` = an untriggered stop). */
export type OrderStatusWire = 'pending' | 'open' | 'active' | 'done' | 'rejected' | 'received';
/** API key permissions. */
export type Permission = 'view' | 'trade' | 'transfer' | 'manage';

/** Who is calling: resolved by the transport from the API key. */
export interface Caller {
  profileId: string;
  userId: string;
  permissions: ReadonlySet<Permission>;
}

/** An exchange-level failure with Coinbase's status and exact message, e.g. 400 "Insufficient funds". */
export interface ExchangeFailure {
  status: 400 | 401 | 403 | 404 | 429 | 500 | 503;
  message: string;
}

/** A success value or a Coinbase-style failure (never thrown). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ExchangeFailure };

/** `POST /orders` body after JSON parsing, unvalidated (numbers may arrive as JSON numbers). */
export type PlaceOrderRequestWire = Record<string, unknown>;

/** `GET /products` entry. */
export interface ProductWire {
  id: string;
  base_currency: string;
  quote_currency: string;
  quote_increment: string;
  base_increment: string;
  display_name: string;
  min_market_funds: string;
  margin_enabled: boolean;
  post_only: boolean;
  limit_only: boolean;
  cancel_only: boolean;
  trading_disabled: boolean;
  status: 'online' | 'offline' | 'internal' | 'delisted';
  status_message: string;
  fx_stablecoin: boolean;
  max_slippage_percentage: string;
  auction_mode: boolean;
  high_bid_limit_percentage: string;
}

/** `GET /orders/{id}` (and `POST /orders` response) body. */
export interface OrderWire {
  id: string;
  price?: string;
  size?: string;
  product_id: string;
  profile_id: string;
  side: SideWire;
  funds?: string;
  specified_funds?: string;
  type: OrderTypeWire;
  time_in_force: TimeInForceWire;
  expire_time?: string;
  post_only: boolean;
  created_at: string;
  done_at?: string;
  done_reason?: 'filled' | 'canceled' | 'rejected';
  reject_reason?: string;
  fill_fees: string;
  filled_size: string;
  executed_value: string;
  status: OrderStatusWire;
  settled: boolean;
  stp: SelfTradePreventionWire;
  stop?: 'loss' | 'entry';
  stop_price?: string;
  client_oid?: string;
}

/** `GET /fills` entry (`side` is the caller's side). */
export interface FillWire {
  created_at: string;
  trade_id: number;
  product_id: string;
  order_id: string;
  user_id: string;
  profile_id: string;
  liquidity: 'M' | 'T';
  price: string;
  size: string;
  fee: string;
  side: SideWire;
  settled: boolean;
  usd_volume: string;
  market_type: 'spot';
  funding_currency: string;
}

/** `GET /accounts` entry (`available = balance − hold`). */
export interface AccountWire {
  id: string;
  currency: string;
  balance: string;
  hold: string;
  available: string;
  profile_id: string;
  trading_enabled: boolean;
  pending_deposit: string;
  display_name: string;
}

/** `GET /accounts/{id}/ledger` entry (`balance` is the balance after the entry). */
export interface LedgerEntryWire {
  id: string;
  amount: string;
  created_at: string;
  balance: string;
  type: 'match' | 'fee' | 'transfer';
  details: { order_id?: string; product_id?: string; trade_id?: string };
}

/** `GET /accounts/{id}/holds` entry. */
export interface HoldWire {
  id: string;
  account_id: string;
  created_at: string;
  updated_at: string;
  amount: string;
  type: 'order';
  ref: string;
}

/** `GET /products/{id}/trades` entry. */
export interface TradeWire {
  time: string;
  trade_id: number;
  price: string;
  size: string;
  /** The maker's side, as Coinbase publishes it. */
  side: SideWire;
}

/** `GET /products/{id}/book` at level 1, 2 (`[price, size, num_orders]`) or 3 (`[price, size, order_id]`). */
export interface BookWire {
  bids: Array<[string, string, number | string]>;
  asks: Array<[string, string, number | string]>;
  sequence: number;
  time: string;
  auction_mode: boolean;
  auction: null;
}

/** Candle row exactly as Coinbase sends it: `[time, low, high, open, close, volume]`, numbers. */
export type CandleWire = [number, number, number, number, number, number];

/** A cursor page: items newest first, plus the `CB-BEFORE` / `CB-AFTER` header values. */
export interface CursorPage<T> {
  items: T[];
  before?: string;
  after?: string;
}

/** Cursor and size of one page. */
export interface CursorPageRequest {
  before?: string;
  after?: string;
  /** Already validated by the transport: 1..1000, default 100. */
  limit: number;
}

/**
 * A message the exchange publishes, before channel filtering. The transport routes each to the
 * channels that carry it (`full`, `user`, `matches`, `ticker`, `level2`, ...) and to the right
 * connections. `sequence` is already assigned per product for public messages.
 *
 * - `kind: 'full'`: one `received` / `open` / `done` / `match` / `change` / `activate` message
 *   in Coinbase's `full` shape. `owner` is the profile (and user) of the order concerned, so the
 *   `user` channel and the private fields (`client_oid`, `user_id`, `profile_id`, fee rates) can
 *   be added for that owner only; for a match both `makerOwner` and `takerOwner` are given.
 * - `kind: 'ticker'`: a `ticker` message after a match.
 * - `kind: 'l2update'`: level changes (absolute new sizes) in `changes`.
 */
export type ExchangeEvent =
  | {
      kind: 'full';
      productId: string;
      message: Record<string, unknown> & { type: string; sequence?: number };
      owner?: { profileId: string; userId: string };
      makerOwner?: { profileId: string; userId: string };
      takerOwner?: { profileId: string; userId: string };
      /** Fields only the owner may see (`client_oid`, `user_id`, `profile_id`, `cancel_reason`), added by the transport. */
      privateFields?: Record<string, unknown>;
      /** For a `match`: fields only the maker's owner may see (`maker_user_id`, `user_id`, `maker_profile_id`, `profile_id`, `maker_fee_rate`). */
      makerPrivateFields?: Record<string, unknown>;
      /** For a `match`: fields only the taker's owner may see (`taker_user_id`, `user_id`, `taker_profile_id`, `profile_id`, `taker_fee_rate`). */
      takerPrivateFields?: Record<string, unknown>;
      /**
       * `'owner'`: the message goes only to `owner` (user channel), never to public channels, and
       * carries no sequence (`activate`; `done` of an untriggered stop). Default `'public'`.
       */
      visibility?: 'public' | 'owner';
    }
  | {
      kind: 'ticker';
      productId: string;
      message: Record<string, unknown> & { type: 'ticker'; sequence: number };
    }
  | { kind: 'l2update'; productId: string; changes: Array<[SideWire, string, string]>; time: string };

/** The in-process exchange the transport serves. */
export interface ExchangeApi {
  /**
   * Current exchange time in ms since the epoch: the injected clock's time (wall time by
   * default; the market's speed factor changes how busy the market is, not the clock).
   */
  now(): number;

  products(): ProductWire[];
  product(productId: string): ProductWire | undefined;
  /** `{ sequence }` per product, for heartbeats and book snapshots. */
  sequence(productId: string): number;
  lastTradeId(productId: string): number;

  book(productId: string, level: 1 | 2 | 3): Result<BookWire>;
  ticker(productId: string): Result<Record<string, unknown>>;
  trades(productId: string, page: CursorPageRequest): Result<CursorPage<TradeWire>>;
  /** start/end in seconds; the transport has validated granularity and the 300-bucket cap. */
  candles(
    productId: string,
    granularity: number,
    startSeconds: number,
    endSeconds: number,
  ): Result<CandleWire[]>;
  stats(productId: string): Result<Record<string, string>>;

  accounts(caller: Caller): AccountWire[];
  account(caller: Caller, accountId: string): Result<AccountWire>;
  ledger(caller: Caller, accountId: string, page: CursorPageRequest): Result<CursorPage<LedgerEntryWire>>;
  holds(caller: Caller, accountId: string, page: CursorPageRequest): Result<CursorPage<HoldWire>>;
  fees(caller: Caller): { maker_fee_rate: string; taker_fee_rate: string; usd_volume: string };

  placeOrder(caller: Caller, request: PlaceOrderRequestWire): Result<OrderWire>;
  /** `id` is an order id or `client:{client_oid}`. */
  getOrder(caller: Caller, id: string): Result<OrderWire>;
  listOrders(
    caller: Caller,
    filter: { productId?: string; statuses: string[] },
    page: CursorPageRequest,
  ): Result<CursorPage<OrderWire>>;
  /** Returns the canceled order's id. `id` is an order id or `client:{client_oid}`. */
  cancelOrder(caller: Caller, id: string, productId?: string): Result<string>;
  cancelAll(caller: Caller, productId?: string): Result<string[]>;
  fills(
    caller: Caller,
    filter: { orderId?: string; productId?: string },
    page: CursorPageRequest,
  ): Result<CursorPage<FillWire>>;

  /**
   * Subscribe to everything the exchange publishes; returns an unsubscribe function. Listeners
   * hear an event in the order they subscribed; `{ first: true }` puts this one ahead of all
   * subscribed so far (the running servers' feeds among them), to time an event before they
   * spend time sending it.
   */
  onEvent(listener: (event: ExchangeEvent) => void, options?: { first?: boolean }): () => void;

  /** Start/stop the synthetic market (background traders, stop triggers, GTT expiry). */
  start(): void;
  stop(): void;
}
