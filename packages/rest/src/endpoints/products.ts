import { pathSegment } from '../http/query.js';
import { type IterateOptions, type Page, type PageRequest, paginate } from '../pagination.js';
import type { Requester } from '../requester.js';
import type { CallOptions } from '../types/common.js';
import type {
  Product,
  ProductBookAtLevel,
  ProductStats,
  ProductTicker,
  ProductTrade,
} from '../types/products.js';
import { refuse, requireId } from '../validation.js';
import { callOptionsOf, checkIterateOptions, pageQuery, toPage } from './paging.js';

function productPath(productId: string, template: string, suffix = ''): string {
  const id = requireId({ method: 'GET', path: template }, 'productId', productId);
  return `/products/${pathSegment(id)}${suffix}`;
}

/** `GET /products` (public), optionally of one `type`. */
export async function getProducts(
  requester: Requester,
  type?: string,
  call?: CallOptions,
): Promise<Product[]> {
  return (
    await requester.send<Product[]>(
      {
        method: 'GET',
        path: '/products',
        query: { type },
        access: 'public',
        bucket: 'public',
        resend: 'idempotent',
      },
      call,
    )
  ).data;
}

/** `GET /products/{product_id}` (public). */
export async function getProduct(
  requester: Requester,
  productId: string,
  call?: CallOptions,
): Promise<Product> {
  const path = productPath(productId, '/products/{product_id}');
  return (
    await requester.send<Product>(
      { method: 'GET', path, access: 'public', bucket: 'public', resend: 'idempotent' },
      call,
    )
  ).data;
}

/** `GET /products/{product_id}/book?level=` (public). */
export async function getProductBook<Level extends 1 | 2 | 3>(
  requester: Requester,
  productId: string,
  level: Level,
  call?: CallOptions,
): Promise<ProductBookAtLevel<Level>> {
  const template = '/products/{product_id}/book';
  const path = productPath(productId, template, '/book');
  if (level !== 1 && level !== 2 && level !== 3) {
    refuse({ method: 'GET', path: template }, `expected level 1, 2 or 3, received ${String(level)}`);
  }
  return (
    await requester.send<ProductBookAtLevel<Level>>(
      { method: 'GET', path, query: { level }, access: 'public', bucket: 'public', resend: 'idempotent' },
      call,
    )
  ).data;
}

/** `GET /products/{product_id}/ticker` (public). */
export async function getProductTicker(
  requester: Requester,
  productId: string,
  call?: CallOptions,
): Promise<ProductTicker> {
  const path = productPath(productId, '/products/{product_id}/ticker', '/ticker');
  return (
    await requester.send<ProductTicker>(
      { method: 'GET', path, access: 'public', bucket: 'public', resend: 'idempotent' },
      call,
    )
  ).data;
}

/** `GET /products/{product_id}/stats` (public). */
export async function getProductStats(
  requester: Requester,
  productId: string,
  call?: CallOptions,
): Promise<ProductStats> {
  const path = productPath(productId, '/products/{product_id}/stats', '/stats');
  return (
    await requester.send<ProductStats>(
      { method: 'GET', path, access: 'public', bucket: 'public', resend: 'idempotent' },
      call,
    )
  ).data;
}

const TRADES = '/products/{product_id}/trades';

/** One page of `GET /products/{product_id}/trades` (public), newest first. */
export async function getProductTrades(
  requester: Requester,
  productId: string,
  page?: PageRequest,
  call?: CallOptions,
): Promise<Page<ProductTrade>> {
  const path = productPath(productId, TRADES, '/trades');
  const query = pageQuery({ method: 'GET', path: TRADES }, page);
  return toPage(
    await requester.send<ProductTrade[]>(
      { method: 'GET', path, query, access: 'public', bucket: 'public', resend: 'idempotent' },
      call,
    ),
  );
}

/** Every public trade from the newest back, following `CB-AFTER`. */
export function iterateProductTrades(
  requester: Requester,
  productId: string,
  options?: IterateOptions,
): AsyncGenerator<ProductTrade> {
  productPath(productId, TRADES);
  checkIterateOptions({ method: 'GET', path: TRADES }, options);
  const call = callOptionsOf(options);
  return paginate(
    (after, limit) => getProductTrades(requester, productId, { ...(after ? { after } : {}), limit }, call),
    options,
  );
}
