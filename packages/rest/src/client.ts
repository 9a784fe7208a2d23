import { randomUUID } from 'node:crypto';
import {
  ExchangeClock,
  type ExchangeCredentials,
  ExchangeSigner,
  type TimestampFormat,
} from '@tradeloop/auth';
import { type Clock, systemClock } from '@tradeloop/clock';
import * as accounts from './endpoints/accounts.js';
import * as candles from './endpoints/candles.js';
import * as currencies from './endpoints/currencies.js';
import * as fees from './endpoints/fees.js';
import * as fills from './endpoints/fills.js';
import * as orders from './endpoints/orders.js';
import * as products from './endpoints/products.js';
import * as time from './endpoints/time.js';
import * as users from './endpoints/users.js';
import { ClientOptionsError } from './errors.js';
import { NodeHttpTransport } from './http/node-transport.js';
import type { HttpTransport } from './http/transport.js';
import {
  DEFAULT_ORDER_PLACEMENT,
  type OrderPlacementOptions,
  type OrderPlacementPolicy,
} from './order-placement.js';
import type { IterateOptions, Page, PageRequest } from './pagination.js';
import { RateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { Requester } from './requester.js';
import { type RetryOptions, resolveRetryPolicy } from './retry.js';
import type { Account, AccountHold, LedgerEntry, LedgerFilter } from './types/accounts.js';
import type { CallOptions } from './types/common.js';
import type { Currency } from './types/currencies.js';
import type { Fees } from './types/fees.js';
import type { FillFilter, FillWire } from './types/fills.js';
import type { Order, OrderFilter, PlaceOrderRequest } from './types/orders.js';
import type {
  CandleRequest,
  CandleWire,
  Product,
  ProductBookAtLevel,
  ProductStats,
  ProductTicker,
  ProductTrade,
} from './types/products.js';
import type { ExchangeTime } from './types/time.js';
import type { ExchangeUser, Profile } from './types/users.js';
import { DEFAULT_USER_AGENT } from './version.js';

/** Coinbase Exchange's production REST origin. */
export const PRODUCTION_URL = 'https://api.exchange.coinbase.com';
/** Coinbase Exchange's public sandbox REST origin. */
export const SANDBOX_URL = 'https://api-public.sandbox.exchange.coinbase.com';

const DEFAULT_TIMEOUT_MS = 10_000;
/** Far above any Coinbase answer (a level-3 book of a busy market is a few MB), far below trouble. */
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Options of {@link CoinbaseExchangeClient}. Every field is optional. */
export interface CoinbaseExchangeClientOptions {
  /** An Exchange API key from `@tradeloop/auth`; needed for every private endpoint. */
  credentials?: ExchangeCredentials;
  /** Talk to Coinbase's public sandbox. */
  sandbox?: boolean;
  /**
   * Any base URL: `PRODUCTION_URL` for real money, the simulator's, a proxy's; wins over
   * `sandbox`. With `credentials`, give this or `sandbox: true`: there is no default exchange
   * for a key. Without credentials (public market data only) the default is `PRODUCTION_URL`.
   */
  baseUrl?: string;
  /**
   * The time source (`@tradeloop/clock`): signature timestamps, rate limiting, retry waits and
   * timeouts of the default transport all run on it. An `ExchangeClock` is used as it is (share
   * it with the WebSocket feed so both sign with the measured offset); any other `Clock` (a
   * `ManualClock` in tests and backtests) becomes the source of a new `ExchangeClock`.
   * Default: `systemClock`.
   */
  clock?: Clock;
  /** Per-attempt timeout in ms. Default 10 000. */
  timeoutMs?: number;
  /**
   * Largest response body accepted, in bytes; a larger one fails with `ResponseTooLargeError`
   * and its connection is closed (enforced by the built-in transports). Default 64 MiB.
   */
  maxResponseBytes?: number;
  /** Client-side token buckets; `true` (default) matches Coinbase's limits, `false` switches them off. */
  rateLimit?: boolean | RateLimitOptions;
  /** Resends of idempotent requests; `false` for none. Default 4 attempts, 250 ms doubling, 10 s cap. */
  retry?: RetryOptions | false;
  /** Default `@tradeloop/rest/<version>`. */
  userAgent?: string;
  /** Measure the clock offset with `GET /time` before the first private request. Default false. */
  syncClockOnStart?: boolean;
  /** On "request timestamp expired", resync with `GET /time` and retry once. Default true. */
  autoSyncClock?: boolean;
  /** How `placeOrder` recovers from unclear failures. */
  orderPlacement?: OrderPlacementOptions;
  /** `CB-ACCESS-TIMESTAMP` as integer seconds (default) or with milliseconds. */
  timestampFormat?: TimestampFormat;
  /**
   * How requests are sent. Default: {@link NodeHttpTransport} (node:http with keep-alive) with
   * timeouts on `clock`; a transport you pass times out on its own clock.
   */
  transport?: HttpTransport;
  /**
   * With the default transport: keep a POST waiting on a connected socket, so an order is written
   * within `placeOrder`'s own call instead of after the caller's task (see
   * `NodeHttpTransportOptions.standbyPost`). It holds one more connection. Default false.
   */
  standbyPost?: boolean;
}

/**
 * A typed, rate-limited, retry-safe Coinbase Exchange REST client.
 *
 * - Bodies and queries are serialized once; those exact bytes are signed and sent.
 * - Requests wait for a token of Coinbase's buckets (public, private, `/fills`) instead of failing.
 * - GETs and single-order cancels are resent on 429, 5xx and network failures with backoff.
 * - `placeOrder` places at most once: after an unclear answer it asks the exchange by
 *   `client_oid`, over a window longer than the exchange's queueing, before sending it again.
 * - A "request timestamp expired" triggers one clock resync and one retry.
 *
 * Every method takes a last `{ signal, timeoutMs }` argument and throws a typed `RestError`.
 *
 * @example
 * const client = new CoinbaseExchangeClient({ credentials: exchangeCredentialsFromEnv(), sandbox: true });
 * const accounts = await client.getAccounts();
 * const order = await client.placeOrder({ product_id: 'BTC-USD', side: 'buy', price: '30000.00', size: '0.001' });
 * await client.cancelOrder(order.id);
 * for await (const fill of client.iterateFills({ productId: 'BTC-USD' })) console.log(fill.price);
 */
export class CoinbaseExchangeClient {
  readonly #requester: Requester;
  readonly #placement: OrderPlacementPolicy;
  readonly #ownsTransport: boolean;
  readonly #transport: HttpTransport;
  /** The clock signatures use, carrying the offset measured against the exchange. */
  readonly clock: ExchangeClock;
  /** The base URL requests go to. */
  readonly baseUrl: string;

  /**
   * @throws {ClientOptionsError} when an option is unusable, or (option `baseUrl`) for credentials
   *   without `baseUrl` or `sandbox: true`.
   */
  constructor(options: CoinbaseExchangeClientOptions = {}) {
    const baseUrl = chooseBaseUrl(options);
    const { origin, pathPrefix } = parseBaseUrl(baseUrl);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ClientOptionsError('timeoutMs', `expected a number of ms > 0, received ${timeoutMs}`);
    }
    const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!Number.isInteger(maxResponseBytes) || maxResponseBytes <= 0) {
      throw new ClientOptionsError(
        'maxResponseBytes',
        `expected an integer number of bytes > 0, received ${maxResponseBytes}`,
      );
    }
    this.clock =
      options.clock instanceof ExchangeClock
        ? options.clock
        : new ExchangeClock({ source: options.clock ?? systemClock });
    // Buckets refill on local time: a resync that moves the exchange offset must not mint tokens.
    const rateLimiter = new RateLimiter(options.rateLimit ?? true, this.clock.source);
    this.baseUrl = origin + pathPrefix;
    this.#ownsTransport = options.transport === undefined;
    this.#transport =
      options.transport ??
      new NodeHttpTransport({
        clock: this.clock.source,
        ...(options.standbyPost === undefined ? {} : { standbyPost: options.standbyPost }),
      });
    this.#placement = resolvePlacement(options.orderPlacement);
    this.#requester = new Requester({
      origin,
      pathPrefix,
      transport: this.#transport,
      signer:
        options.credentials === undefined
          ? undefined
          : new ExchangeSigner(options.credentials, {
              clock: this.clock,
              timestampFormat: options.timestampFormat ?? 'seconds',
            }),
      clock: this.clock,
      limiter: rateLimiter,
      retryPolicy: resolveRetryPolicy(options.retry),
      timeoutMs,
      maxResponseBytes,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      autoSyncClock: options.autoSyncClock ?? true,
      syncClockOnStart: options.syncClockOnStart ?? false,
      random: Math.random,
    });
  }

  /** Closes pooled connections (only those of the default transport). The client must not be used after. */
  close(): void {
    if (this.#ownsTransport) this.#transport.close?.();
  }

  // Time and clock ---------------------------------------------------------------------------

  /**
   * Measures the exchange's clock with `GET /time` and sets `clock`'s offset.
   * @returns the offset in ms (positive: the exchange is ahead of this machine).
   */
  syncClock(call?: CallOptions): Promise<number> {
    return this.#requester.syncClock(call);
  }

  /** `GET /time`: the exchange's time. */
  getTime(call?: CallOptions): Promise<ExchangeTime> {
    return time.getTime(this.#requester, call);
  }

  // Public market data -----------------------------------------------------------------------

  /** `GET /currencies`: every currency. */
  getCurrencies(call?: CallOptions): Promise<Currency[]> {
    return currencies.getCurrencies(this.#requester, call);
  }

  /** `GET /currencies/{currency_id}`. */
  getCurrency(currencyId: string, call?: CallOptions): Promise<Currency> {
    return currencies.getCurrency(this.#requester, currencyId, call);
  }

  /** `GET /products`: every market (optionally of one `type`). */
  getProducts(type?: string, call?: CallOptions): Promise<Product[]> {
    return products.getProducts(this.#requester, type, call);
  }

  /** `GET /products/{product_id}`: one market's increments, minimums and status. */
  getProduct(productId: string, call?: CallOptions): Promise<Product> {
    return products.getProduct(this.#requester, productId, call);
  }

  /**
   * `GET /products/{product_id}/book`: level 1 (best bid/ask), 2 (every price, aggregated) or
   * 3 (every order). Levels 1–2 entries are `[price, size, num_orders]`, level 3 `[price, size, order_id]`.
   */
  getProductBook<Level extends 1 | 2 | 3>(
    productId: string,
    level: Level,
    call?: CallOptions,
  ): Promise<ProductBookAtLevel<Level>> {
    return products.getProductBook(this.#requester, productId, level, call);
  }

  /** `GET /products/{product_id}/ticker`: last trade, best bid/ask, 24 h volume. */
  getProductTicker(productId: string, call?: CallOptions): Promise<ProductTicker> {
    return products.getProductTicker(this.#requester, productId, call);
  }

  /** One page of `GET /products/{product_id}/trades`, newest first; `side` is the maker's. */
  getProductTrades(productId: string, page?: PageRequest, call?: CallOptions): Promise<Page<ProductTrade>> {
    return products.getProductTrades(this.#requester, productId, page, call);
  }

  /** Every public trade of a product, newest first, across pages. */
  iterateProductTrades(productId: string, options?: IterateOptions): AsyncGenerator<ProductTrade> {
    return products.iterateProductTrades(this.#requester, productId, options);
  }

  /**
   * `GET /products/{product_id}/candles`, newest first, prices as exact decimal strings. Ranges
   * longer than 300 buckets are split into several requests and merged.
   */
  getProductCandles(productId: string, request: CandleRequest, call?: CallOptions): Promise<CandleWire[]> {
    return candles.getProductCandles(this.#requester, productId, request, call);
  }

  /** `GET /products/{product_id}/stats`: open, high, low, last and volume of the last 24 h. */
  getProductStats(productId: string, call?: CallOptions): Promise<ProductStats> {
    return products.getProductStats(this.#requester, productId, call);
  }

  // Accounts ---------------------------------------------------------------------------------

  /** `GET /accounts`: balances, holds and available funds per currency. */
  getAccounts(call?: CallOptions): Promise<Account[]> {
    return accounts.getAccounts(this.#requester, call);
  }

  /** `GET /accounts/{account_id}`. */
  getAccount(accountId: string, call?: CallOptions): Promise<Account> {
    return accounts.getAccount(this.#requester, accountId, call);
  }

  /** One page of an account's ledger, newest first. */
  getAccountLedger(
    accountId: string,
    page?: PageRequest & LedgerFilter,
    call?: CallOptions,
  ): Promise<Page<LedgerEntry>> {
    return accounts.getAccountLedger(this.#requester, accountId, page, call);
  }

  /** Every ledger entry of an account, newest first, across pages. */
  iterateAccountLedger(
    accountId: string,
    options?: IterateOptions & LedgerFilter,
  ): AsyncGenerator<LedgerEntry> {
    return accounts.iterateAccountLedger(this.#requester, accountId, options);
  }

  /** One page of an account's holds, newest first. */
  getAccountHolds(accountId: string, page?: PageRequest, call?: CallOptions): Promise<Page<AccountHold>> {
    return accounts.getAccountHolds(this.#requester, accountId, page, call);
  }

  /** Every hold of an account, newest first, across pages. */
  iterateAccountHolds(accountId: string, options?: IterateOptions): AsyncGenerator<AccountHold> {
    return accounts.iterateAccountHolds(this.#requester, accountId, options);
  }

  // Orders -----------------------------------------------------------------------------------

  /**
   * `POST /orders`, at most once. The `client_oid` (yours, or a `crypto.randomUUID()` chosen
   * before any I/O) identifies the order across attempts. After an answer that does not settle
   * its fate (timeout, network error, 5xx, 429, a body that cannot be read) the order is looked
   * up by `client_oid`, repeatedly over `orderPlacement.absenceWindowMs` (default 12 s): returned
   * if found, sent again only if every lookup over the whole window said 404. A 2xx that cannot
   * be read or a duplicate-`client_oid` refusal means it exists: looked up, never sent again.
   *
   * @throws {InvalidRequestError} before any I/O for a malformed request (e.g. a number as price).
   * @throws {InvalidOrderError} when the exchange refuses the order (`reason`: precision, minimum, post_only, insufficient_funds...).
   * @throws {OrderStatusUnknownError} when the order's fate could not be learned; it carries the `clientOid`.
   *   Any other error means the order was not placed.
   */
  placeOrder(request: PlaceOrderRequest, call?: CallOptions): Promise<Order> {
    return orders.placeOrder(this.#requester, request, this.#placement, randomUUID, call);
  }

  /** `GET /orders/{order_id}`. */
  getOrder(orderId: string, call?: CallOptions): Promise<Order> {
    return orders.getOrder(this.#requester, orderId, call);
  }

  /** `GET /orders/client:{client_oid}`. */
  getOrderByClientOid(clientOid: string, call?: CallOptions): Promise<Order> {
    return orders.getOrderByClientOid(this.#requester, clientOid, call);
  }

  /** One page of `GET /orders`, newest first. Default status filter: open, pending, active. */
  listOrders(filter?: OrderFilter, page?: PageRequest, call?: CallOptions): Promise<Page<Order>> {
    return orders.listOrders(this.#requester, filter, page, call);
  }

  /** Every order matching `filter`, newest first, across pages. */
  iterateOrders(filter?: OrderFilter, options?: IterateOptions): AsyncGenerator<Order> {
    return orders.iterateOrders(this.#requester, filter, options);
  }

  /** `DELETE /orders/{order_id}`: returns the canceled order's id. `productId` makes it faster on Coinbase's side. */
  cancelOrder(orderId: string, productId?: string, call?: CallOptions): Promise<string> {
    return orders.cancelOrder(this.#requester, orderId, productId, call);
  }

  /** `DELETE /orders/client:{client_oid}`: returns the canceled order's id. */
  cancelOrderByClientOid(clientOid: string, productId?: string, call?: CallOptions): Promise<string> {
    return orders.cancelOrderByClientOid(this.#requester, clientOid, productId, call);
  }

  /** `DELETE /orders`: cancels every open order (of one product when given); returns their ids. */
  cancelAllOrders(productId?: string, call?: CallOptions): Promise<string[]> {
    return orders.cancelAllOrders(this.#requester, productId, call);
  }

  // Fills and fees ---------------------------------------------------------------------------

  /** One page of `GET /fills` for an order or a product, newest first. */
  getFills(filter: FillFilter & PageRequest, call?: CallOptions): Promise<Page<FillWire>> {
    return fills.getFills(this.#requester, filter, call);
  }

  /** Every fill of an order or product, newest first, across pages. */
  iterateFills(filter: FillFilter, options?: IterateOptions): AsyncGenerator<FillWire> {
    return fills.iterateFills(this.#requester, filter, options);
  }

  /** `GET /fees`: the key's maker and taker fee rates and 30-day volume. */
  getFees(call?: CallOptions): Promise<Fees> {
    return fees.getFees(this.#requester, call);
  }

  // The key itself -----------------------------------------------------------------------------

  /** `GET /users/self/verify`: checks the credentials and returns the key's user. */
  getCurrentUser(call?: CallOptions): Promise<ExchangeUser> {
    return users.getCurrentUser(this.#requester, call);
  }

  /** `GET /profiles`: the user's portfolios (profiles). */
  getProfiles(call?: CallOptions): Promise<Profile[]> {
    return users.getProfiles(this.#requester, call);
  }
}

/**
 * Where requests go. With credentials the caller must name the exchange: a library call with a
 * key and nothing else must not trade real money by default. Without credentials only public
 * market data can be read, so production is a harmless default.
 */
function chooseBaseUrl(options: CoinbaseExchangeClientOptions): string {
  if (options.baseUrl !== undefined) return options.baseUrl;
  if (options.sandbox === true) return SANDBOX_URL;
  if (options.credentials === undefined) return PRODUCTION_URL;
  throw new ClientOptionsError(
    'baseUrl',
    `expected an explicit exchange when credentials are given, received ${options.sandbox === false ? 'sandbox: false and ' : ''}no baseUrl; pass sandbox: true for Coinbase's public sandbox, baseUrl: PRODUCTION_URL (${PRODUCTION_URL}) to trade real money, or the base URL of a simulator or proxy`,
  );
}

export function parseBaseUrl(baseUrl: string): { origin: string; pathPrefix: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ClientOptionsError(
      'baseUrl',
      `expected an absolute http(s) URL, received ${JSON.stringify(baseUrl)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ClientOptionsError('baseUrl', `expected an http: or https: URL, received ${url.protocol}`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ClientOptionsError(
      'baseUrl',
      'expected scheme, host, port and path only (no query, fragment or user info)',
    );
  }
  return { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
}

function resolvePlacement(options: OrderPlacementOptions | undefined): OrderPlacementPolicy {
  const policy: OrderPlacementPolicy = { ...DEFAULT_ORDER_PLACEMENT };
  for (const name of ['lookupDelayMs', 'absenceWindowMs', 'absenceLookups', 'maxAttempts'] as const) {
    const value = options?.[name];
    if (value !== undefined) policy[name] = value;
  }
  for (const name of ['lookupDelayMs', 'absenceWindowMs'] as const) {
    if (!Number.isFinite(policy[name]) || policy[name] < 0) {
      throw new ClientOptionsError(`orderPlacement.${name}`, `expected ms ≥ 0, received ${policy[name]}`);
    }
  }
  for (const name of ['absenceLookups', 'maxAttempts'] as const) {
    if (!Number.isInteger(policy[name]) || policy[name] < 1) {
      throw new ClientOptionsError(
        `orderPlacement.${name}`,
        `expected an integer ≥ 1, received ${policy[name]}`,
      );
    }
  }
  return policy;
}
