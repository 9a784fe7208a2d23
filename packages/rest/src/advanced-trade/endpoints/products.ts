import { pathSegment } from '../../http/query.js';
import type { AdvancedTradeRequestSpec } from '../requester.js';
import type {
  AdvancedTradeCandle,
  AdvancedTradeGranularity,
  AdvancedTradeMarketTrades,
  AdvancedTradePricebook,
  AdvancedTradeProduct,
  AdvancedTradeProductBook,
  AdvancedTradeServerTime,
} from '../wire-types.js';
import { arrayField, BROKERAGE, objectField, objectOf } from './shape.js';

/**
 * Market data comes in two forms with the same shapes: signed (`/products/...`, the private
 * bucket) and public (`/market/products/...`, no key, the public bucket). `access` picks one.
 */
export type MarketAccess = 'private' | 'public';

function marketPath(access: MarketAccess, rest: string): string {
  return access === 'public' ? `${BROKERAGE}/market${rest}` : `${BROKERAGE}${rest}`;
}

/** `GET /products` (spot; `product_ids` narrows). */
export function listProducts(
  access: MarketAccess,
  productIds?: string[],
): AdvancedTradeRequestSpec<AdvancedTradeProduct[]> {
  return {
    method: 'GET',
    path: marketPath(access, '/products'),
    query: { product_type: 'SPOT', product_ids: productIds },
    access,
    resend: 'idempotent',
    read: (data) => arrayField(data, 'products', 'the products response'),
  };
}

/** `GET /products/{product_id}`. */
export function getProduct(
  access: MarketAccess,
  productId: string,
): AdvancedTradeRequestSpec<AdvancedTradeProduct> {
  return {
    method: 'GET',
    path: marketPath(access, `/products/${pathSegment(productId)}`),
    access,
    resend: 'idempotent',
    read: (data) => objectOf(data, 'the product') as AdvancedTradeProduct,
  };
}

/** `GET /products/{product_id}/candles?start&end&granularity` (UNIX seconds; at most 350 candles). */
export function getCandles(
  access: MarketAccess,
  productId: string,
  request: { start: number; end: number; granularity: AdvancedTradeGranularity; limit?: number },
): AdvancedTradeRequestSpec<AdvancedTradeCandle[]> {
  return {
    method: 'GET',
    path: marketPath(access, `/products/${pathSegment(productId)}/candles`),
    query: {
      start: String(request.start),
      end: String(request.end),
      granularity: request.granularity,
      limit: request.limit,
    },
    access,
    resend: 'idempotent',
    read: (data) => arrayField(data, 'candles', 'the candles response'),
  };
}

/** `GET /products/{product_id}/ticker?limit`: recent trades and the best bid and ask. */
export function getMarketTrades(
  access: MarketAccess,
  productId: string,
  limit: number,
): AdvancedTradeRequestSpec<AdvancedTradeMarketTrades> {
  return {
    method: 'GET',
    path: marketPath(access, `/products/${pathSegment(productId)}/ticker`),
    query: { limit },
    access,
    resend: 'idempotent',
    read: (data) => {
      arrayField(data, 'trades', 'the market trades response');
      return data as AdvancedTradeMarketTrades;
    },
  };
}

/** `GET /product_book?product_id&limit`. */
export function getProductBook(
  access: MarketAccess,
  productId: string,
  limit?: number,
): AdvancedTradeRequestSpec<AdvancedTradeProductBook> {
  return {
    method: 'GET',
    path: marketPath(access, '/product_book'),
    query: { product_id: productId, limit },
    access,
    resend: 'idempotent',
    read: (data) => {
      const pricebook = objectField<AdvancedTradePricebook>(data, 'pricebook', 'the product book response');
      arrayField(pricebook, 'bids', 'the pricebook');
      arrayField(pricebook, 'asks', 'the pricebook');
      return data as AdvancedTradeProductBook;
    },
  };
}

/** `GET /best_bid_ask?product_ids` (signed only). */
export function getBestBidAsk(productIds: string[]): AdvancedTradeRequestSpec<AdvancedTradePricebook[]> {
  return {
    method: 'GET',
    path: `${BROKERAGE}/best_bid_ask`,
    query: { product_ids: productIds },
    access: 'private',
    resend: 'idempotent',
    read: (data) => arrayField(data, 'pricebooks', 'the best bid/ask response'),
  };
}

/** `GET /time` (public). */
export function getServerTime(): AdvancedTradeRequestSpec<AdvancedTradeServerTime> {
  return {
    method: 'GET',
    path: `${BROKERAGE}/time`,
    access: 'public',
    resend: 'idempotent',
    read: (data) => {
      const body = objectOf(data, 'the time response');
      if (typeof body.epochMillis !== 'string' && typeof body.epochMillis !== 'number') {
        throw new Error('expected epochMillis in the time response');
      }
      return body as unknown as AdvancedTradeServerTime;
    },
  };
}
