import { randomUUID } from 'node:crypto';
import { type CdpCredentials, CdpJwtSigner } from '@tradeloop/auth';
import { type Clock, systemClock } from '@tradeloop/clock';
import { parseBaseUrl } from '../client.js';
import { ClientOptionsError } from '../errors.js';
import { NodeHttpTransport } from '../http/node-transport.js';
import type { HttpTransport } from '../http/transport.js';
import { type IterateOptions, paginate } from '../pagination.js';
import { type BucketLimit, RateLimiter } from '../rate-limiter.js';
import { type RetryOptions, resolveRetryPolicy } from '../retry.js';
import type { CallOptions } from '../types/common.js';
import { DEFAULT_USER_AGENT } from '../version.js';
import * as accounts from './endpoints/accounts.js';
import * as orders from './endpoints/orders.js';
import * as products from './endpoints/products.js';
import {
  type AdvancedTradePlacedOrder,
  type AdvancedTradePlacementOptions,
  type AdvancedTradePlacementPolicy,
  DEFAULT_ADVANCED_TRADE_PLACEMENT,
  findByClientOrderId,
  placeAdvancedTradeOrder,
} from './order-placement.js';
import { prepareAdvancedTradeOrder } from './order-request.js';
import { AdvancedTradeRequester } from './requester.js';
import type {
  AdvancedTradeAccount,
  AdvancedTradeCancelResult,
  AdvancedTradeCandle,
  AdvancedTradeCreateOrderRequest,
  AdvancedTradeEditOrderRequest,
  AdvancedTradeEditOrderResponse,
  AdvancedTradeEditPreview,
  AdvancedTradeFill,
  AdvancedTradeFillFilter,
  AdvancedTradeGranularity,
  AdvancedTradeKeyPermissions,
  AdvancedTradeMarketTrades,
  AdvancedTradeOrder,
  AdvancedTradeOrderFilter,
  AdvancedTradeOrderPreview,
  AdvancedTradePage,
  AdvancedTradePortfolio,
  AdvancedTradePricebook,
  AdvancedTradeProduct,
  AdvancedTradeProductBook,
  AdvancedTradeServerTime,
  AdvancedTradeTransactionSummary,
} from './wire-types.js';

/** Advanced Trade's production REST origin. */
export const ADVANCED_TRADE_URL = 'https://api.coinbase.com';

/**
 * Advanced Trade's REST limits: 30 requests/s per key for private endpoints and 10/s per IP for
 * public ones (ccxt's `coinbase` class and third-party summaries of Coinbase's rate-limit page;
 * UNCONFIRMED against Coinbase itself). Bursts are one second's worth.
 */
export const ADVANCED_TRADE_RATE_LIMITS: Readonly<{
  public: Readonly<BucketLimit>;
  private: Readonly<BucketLimit>;
}> = {
  public: { ratePerSecond: 10, burst: 10 },
  private: { ratePerSecond: 30, burst: 30 },
};

/** Client-side rate limiting: `true` (default) uses {@link ADVANCED_TRADE_RATE_LIMITS}. */
export interface AdvancedTradeRateLimitOptions {
  public?: BucketLimit | false;
  private?: BucketLimit | false;
  /** Tokens kept unused below each burst. Default 1. */
  headroom?: number;
}

/** Options of {@link CoinbaseAdvancedTradeClient}. Every field is optional. */
export interface CoinbaseAdvancedTradeClientOptions {
  /** A CDP key from `@tradeloop/auth` (`createCdpCredentials`); needed for every private endpoint. */
  credentials?: CdpCredentials;
  /**
   * Any base URL (the simulator's `advancedTrade.restUrl`, a proxy's, or {@link ADVANCED_TRADE_URL}).
   * Without credentials the default is {@link ADVANCED_TRADE_URL} (public market data only). With
   * credentials it is required: a key alone never reaches real money by default, and Advanced Trade
   * has no trading sandbox.
   */
  baseUrl?: string;
  /** The host the JWT `uri` claim names. Default: the base URL's host (`api.coinbase.com` in production). */
  jwtHost?: string;
  /** The JWT `iss`: `'cdp'` (default, Coinbase's current SDKs) or `'coinbase-cloud'`. */
  issuer?: 'cdp' | 'coinbase-cloud';
  /**
   * The time source (`@tradeloop/clock`): JWT times, rate limiting, retry waits, lookups and
   * timeouts of the default transport all run on it (a `ManualClock` in tests). Default `systemClock`.
   */
  clock?: Clock;
  /** Per-attempt timeout in ms. Default 10 000. */
  timeoutMs?: number;
  rateLimit?: boolean | AdvancedTradeRateLimitOptions;
  /** Resends of idempotent requests; `false` for none. Default 4 attempts, 250 ms doubling, 10 s cap. */
  retry?: RetryOptions | false;
  userAgent?: string;
  /** How `createOrder` recovers from unclear failures. */
  orderPlacement?: AdvancedTradePlacementOptions;
  /** How requests are sent. Default: a keep-alive `NodeHttpTransport` timing out on `clock`. */
  transport?: HttpTransport;
  /**
   * With the default transport: keep a POST waiting on a connected socket, so an order is written
   * within `createOrder`'s own call instead of after the caller's task (see
   * `NodeHttpTransportOptions.standbyPost`). It holds one more connection. Default false.
   */
  standbyPost?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A typed, rate-limited, retry-safe Coinbase Advanced Trade REST client (`/api/v3/brokerage`),
 * sharing the Exchange client's transport, rate limiter, retry policy, errors and pagination.
 *
 * - Every private request carries a fresh ES256 JWT bound to its method and path (no query).
 * - `createOrder` always sends a `client_order_id` and places at most once: after an unclear
 *   failure it looks the order up by that id before sending it again.
 * - Lists are cursor-paged: `list*` return one page, `iterate*` walk every page.
 *
 * @example
 * const client = new CoinbaseAdvancedTradeClient({
 *   credentials: createCdpCredentials({ keyName, privateKey }),
 *   baseUrl: ADVANCED_TRADE_URL, // real money: there is no Advanced Trade trading sandbox
 * });
 * const placed = await client.createOrder({
 *   product_id: 'BTC-USD', side: 'BUY',
 *   order_configuration: { limit_limit_gtc: { base_size: '0.001', limit_price: '30000.00', post_only: true } },
 * });
 * await client.cancelOrders([placed.order_id]);
 */
export class CoinbaseAdvancedTradeClient {
  readonly #requester: AdvancedTradeRequester;
  readonly #placement: AdvancedTradePlacementPolicy;
  readonly #ownsTransport: boolean;
  readonly #transport: HttpTransport;
  readonly baseUrl: string;

  /** @throws {ClientOptionsError} when an option is unusable. */
  constructor(options: CoinbaseAdvancedTradeClientOptions = {}) {
    if (options.baseUrl === undefined && options.credentials !== undefined) {
      throw new ClientOptionsError(
        'baseUrl',
        `expected an explicit baseUrl when credentials are given, received none; pass baseUrl: ADVANCED_TRADE_URL (${ADVANCED_TRADE_URL}) to trade real money (Advanced Trade has no trading sandbox), or the base URL of a simulator or proxy`,
      );
    }
    const { origin, pathPrefix } = parseBaseUrl(options.baseUrl ?? ADVANCED_TRADE_URL);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ClientOptionsError('timeoutMs', `expected a number of ms > 0, received ${timeoutMs}`);
    }
    const clock = options.clock ?? systemClock;
    const rateLimiter = new RateLimiter(rateLimitsOf(options.rateLimit), clock);
    this.baseUrl = origin + pathPrefix;
    this.#ownsTransport = options.transport === undefined;
    this.#transport =
      options.transport ??
      new NodeHttpTransport({
        clock,
        ...(options.standbyPost === undefined ? {} : { standbyPost: options.standbyPost }),
      });
    this.#placement = resolvePlacement(options.orderPlacement);
    this.#requester = new AdvancedTradeRequester({
      origin,
      pathPrefix,
      jwtHost: options.jwtHost ?? new URL(origin).host,
      transport: this.#transport,
      signer:
        options.credentials === undefined
          ? undefined
          : new CdpJwtSigner(options.credentials, { clock, issuer: options.issuer ?? 'cdp' }),
      limiter: rateLimiter,
      retryPolicy: resolveRetryPolicy(options.retry),
      timeoutMs,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      clock,
      random: Math.random,
    });
  }

  /** Closes pooled connections (only those of the default transport). */
  close(): void {
    if (this.#ownsTransport) this.#transport.close?.();
  }

  // Public -------------------------------------------------------------------------------------

  /** `GET /time` (public). */
  getServerTime(call?: CallOptions): Promise<AdvancedTradeServerTime> {
    return this.#requester.send(products.getServerTime(), call);
  }

  /** Spot products; `public: true` uses `/market/products` (no key, the public bucket). */
  listProducts(
    options: { productIds?: string[]; public?: boolean } = {},
    call?: CallOptions,
  ): Promise<AdvancedTradeProduct[]> {
    return this.#requester.send(products.listProducts(marketAccess(options), options.productIds), call);
  }

  getProduct(
    productId: string,
    options: { public?: boolean } = {},
    call?: CallOptions,
  ): Promise<AdvancedTradeProduct> {
    return this.#requester.send(products.getProduct(marketAccess(options), productId), call);
  }

  /** Candles, newest first; `start`/`end` in UNIX seconds, at most 350 buckets. */
  getCandles(
    productId: string,
    request: {
      start: number;
      end: number;
      granularity: AdvancedTradeGranularity;
      limit?: number;
      public?: boolean;
    },
    call?: CallOptions,
  ): Promise<AdvancedTradeCandle[]> {
    return this.#requester.send(products.getCandles(marketAccess(request), productId, request), call);
  }

  /** Recent trades with the best bid and ask. */
  getMarketTrades(
    productId: string,
    options: { limit?: number; public?: boolean } = {},
    call?: CallOptions,
  ): Promise<AdvancedTradeMarketTrades> {
    return this.#requester.send(
      products.getMarketTrades(marketAccess(options), productId, options.limit ?? 100),
      call,
    );
  }

  getProductBook(
    productId: string,
    options: { limit?: number; public?: boolean } = {},
    call?: CallOptions,
  ): Promise<AdvancedTradeProductBook> {
    return this.#requester.send(
      products.getProductBook(marketAccess(options), productId, options.limit),
      call,
    );
  }

  /** The best bid and ask of each product (signed only). */
  getBestBidAsk(productIds: string[], call?: CallOptions): Promise<AdvancedTradePricebook[]> {
    return this.#requester.send(products.getBestBidAsk(productIds), call);
  }

  // Accounts, fees, portfolios ----------------------------------------------------------------

  listAccounts(
    page: { limit?: number; cursor?: string } = {},
    call?: CallOptions,
  ): Promise<AdvancedTradePage<AdvancedTradeAccount>> {
    return this.#requester.send(accounts.listAccounts(page.limit, page.cursor), call);
  }

  /** Every account, walking the cursor. */
  iterateAccounts(options: IterateOptions = {}): AsyncGenerator<AdvancedTradeAccount> {
    return this.#iterate((cursor, limit) => accounts.listAccounts(Math.min(limit, 250), cursor), options);
  }

  getAccount(accountUuid: string, call?: CallOptions): Promise<AdvancedTradeAccount> {
    return this.#requester.send(accounts.getAccount(accountUuid), call);
  }

  getTransactionSummary(call?: CallOptions): Promise<AdvancedTradeTransactionSummary> {
    return this.#requester.send(accounts.transactionSummary(), call);
  }

  listPortfolios(portfolioType?: string, call?: CallOptions): Promise<AdvancedTradePortfolio[]> {
    return this.#requester.send(accounts.listPortfolios(portfolioType), call);
  }

  /** What the key may do; succeeds only for an Advanced Trade (CDP) key. */
  getKeyPermissions(call?: CallOptions): Promise<AdvancedTradeKeyPermissions> {
    return this.#requester.send(accounts.keyPermissions(), call);
  }

  // Orders ---------------------------------------------------------------------------------------

  /**
   * `POST /orders`, at most once (see {@link placeAdvancedTradeOrder}); a `client_order_id` is
   * generated when the request has none.
   * @throws {AdvancedTradeOrderRejectedError} when Advanced Trade answers `success: false`.
   * @throws {OrderStatusUnknownError} when the order's fate could not be established.
   */
  async createOrder(
    request: AdvancedTradeCreateOrderRequest,
    call: CallOptions = {},
  ): Promise<AdvancedTradePlacedOrder> {
    const prepared = prepareAdvancedTradeOrder(request, randomUUID);
    return placeAdvancedTradeOrder(this.#requester, prepared, this.#placement, call);
  }

  /** `POST /orders/preview`: costs and failure reasons, placing nothing. */
  previewOrder(
    request: Omit<AdvancedTradeCreateOrderRequest, 'client_order_id'>,
    call?: CallOptions,
  ): Promise<AdvancedTradeOrderPreview> {
    const { body } = prepareAdvancedTradeOrder({ ...request, client_order_id: 'preview' }, randomUUID);
    const { client_order_id: _unused, ...rest } = JSON.parse(body) as Record<string, unknown>;
    return this.#requester.send(orders.previewOrder(JSON.stringify(rest)), call);
  }

  /** `POST /orders/edit`: a new limit price and total size for a resting GTC limit order. */
  editOrder(
    request: AdvancedTradeEditOrderRequest,
    call?: CallOptions,
  ): Promise<AdvancedTradeEditOrderResponse> {
    return this.#requester.send(orders.editOrder(request), call);
  }

  previewEditOrder(
    request: AdvancedTradeEditOrderRequest,
    call?: CallOptions,
  ): Promise<AdvancedTradeEditPreview> {
    return this.#requester.send(orders.previewEditOrder(request), call);
  }

  /** `POST /orders/batch_cancel`: one result per id (at most 100 ids). */
  cancelOrders(orderIds: string[], call?: CallOptions): Promise<AdvancedTradeCancelResult[]> {
    if (orderIds.length === 0 || orderIds.length > 100) {
      return Promise.reject(
        new ClientOptionsError('orderIds', `expected 1 to 100 order ids, received ${orderIds.length}`),
      );
    }
    return this.#requester.send(orders.cancelOrders(orderIds), call);
  }

  getOrder(orderId: string, call?: CallOptions): Promise<AdvancedTradeOrder> {
    return this.#requester.send(orders.getOrder(orderId), call);
  }

  /** One page of `GET /orders/historical/batch`. */
  listOrders(
    filter: AdvancedTradeOrderFilter = {},
    page: { limit?: number; cursor?: string } = {},
    call?: CallOptions,
  ): Promise<AdvancedTradePage<AdvancedTradeOrder>> {
    return this.#requester.send(orders.listOrders(filter, page.limit, page.cursor), call);
  }

  iterateOrders(
    filter: AdvancedTradeOrderFilter = {},
    options: IterateOptions = {},
  ): AsyncGenerator<AdvancedTradeOrder> {
    return this.#iterate((cursor, limit) => orders.listOrders(filter, limit, cursor), options);
  }

  /**
   * The order placed with `clientOrderId` on `productId` since `since` (RFC 3339; default five
   * minutes ago), or undefined: how `createOrder` resolves unclear failures, for callers holding an
   * {@link OrderStatusUnknownError}.
   */
  findOrderByClientOrderId(
    productId: string,
    clientOrderId: string,
    since?: string,
    call: CallOptions = {},
  ): Promise<AdvancedTradeOrder | undefined> {
    const start =
      since ?? new Date(this.#requester.config.clock.now() - this.#placement.lookupWindowMs).toISOString();
    return findByClientOrderId(this.#requester, { clientOrderId, productId }, start, call);
  }

  /** One page of `GET /orders/historical/fills`. */
  listFills(
    filter: AdvancedTradeFillFilter = {},
    page: { limit?: number; cursor?: string } = {},
    call?: CallOptions,
  ): Promise<AdvancedTradePage<AdvancedTradeFill>> {
    return this.#requester.send(orders.listFills(filter, page.limit, page.cursor), call);
  }

  iterateFills(
    filter: AdvancedTradeFillFilter = {},
    options: IterateOptions = {},
  ): AsyncGenerator<AdvancedTradeFill> {
    return this.#iterate((cursor, limit) => orders.listFills(filter, limit, cursor), options);
  }

  #iterate<T>(
    spec: (
      cursor: string | undefined,
      limit: number,
    ) => Parameters<AdvancedTradeRequester['send']>[0] & {
      read?: (data: unknown) => AdvancedTradePage<T>;
    },
    options: IterateOptions,
  ): AsyncGenerator<T> {
    const call: CallOptions = {};
    if (options.signal !== undefined) call.signal = options.signal;
    if (options.timeoutMs !== undefined) call.timeoutMs = options.timeoutMs;
    return paginate<T>(async (after, limit) => {
      const page = (await this.#requester.send(spec(after, limit), call)) as AdvancedTradePage<T>;
      return page.cursor === undefined ? { items: page.items } : { items: page.items, after: page.cursor };
    }, options);
  }
}

function marketAccess(options: { public?: boolean }): products.MarketAccess {
  return options.public ? 'public' : 'private';
}

function rateLimitsOf(option: boolean | AdvancedTradeRateLimitOptions | undefined) {
  if (option === false) return false;
  const settings = option === true || option === undefined ? {} : option;
  return {
    public: settings.public ?? ADVANCED_TRADE_RATE_LIMITS.public,
    private: settings.private ?? ADVANCED_TRADE_RATE_LIMITS.private,
    fills: false as const,
    ...(settings.headroom === undefined ? {} : { headroom: settings.headroom }),
  };
}

function resolvePlacement(options: AdvancedTradePlacementOptions | undefined): AdvancedTradePlacementPolicy {
  const policy = { ...DEFAULT_ADVANCED_TRADE_PLACEMENT, ...options };
  for (const name of ['lookupDelayMs', 'lookupWindowMs'] as const) {
    if (!Number.isFinite(policy[name]) || policy[name] < 0) {
      throw new ClientOptionsError(`orderPlacement.${name}`, `expected ms ≥ 0, received ${policy[name]}`);
    }
  }
  for (const name of ['maxAttempts', 'absenceChecks'] as const) {
    if (!Number.isInteger(policy[name]) || policy[name] < 1) {
      throw new ClientOptionsError(
        `orderPlacement.${name}`,
        `expected an integer ≥ 1, received ${policy[name]}`,
      );
    }
  }
  return policy;
}
