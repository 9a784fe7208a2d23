import { type IterateOptions, type Page, type PageRequest, paginate } from '../pagination.js';
import type { Requester } from '../requester.js';
import type { CallOptions } from '../types/common.js';
import type { FillFilter, FillWire } from '../types/fills.js';
import { type RequestTarget, refuse, requireId } from '../validation.js';
import { callOptionsOf, checkIterateOptions, pageQuery, toPage } from './paging.js';

const target: RequestTarget = { method: 'GET', path: '/fills' };

function fillQuery(filter: FillFilter | undefined) {
  if (filter?.orderId === undefined && filter?.productId === undefined) {
    refuse(target, 'expected orderId or productId (Coinbase requires one), received neither');
  }
  return {
    order_id: filter.orderId === undefined ? undefined : requireId(target, 'orderId', filter.orderId),
    product_id: filter.productId === undefined ? undefined : requireId(target, 'productId', filter.productId),
    profile_id: filter.profileId,
    market_type: filter.marketType,
    start_date: filter.startDate,
    end_date: filter.endDate,
  };
}

/** One page of `GET /fills` for an order or a product, newest first. Counted against the `/fills` limit. */
export async function getFills(
  requester: Requester,
  filter: FillFilter & PageRequest,
  call?: CallOptions,
): Promise<Page<FillWire>> {
  const query = { ...fillQuery(filter), ...pageQuery(target, filter) };
  return toPage(
    await requester.send<FillWire[]>(
      { method: 'GET', path: '/fills', query, access: 'private', bucket: 'fills', resend: 'idempotent' },
      call,
    ),
  );
}

/** Every fill from the newest back, following `CB-AFTER`. */
export function iterateFills(
  requester: Requester,
  filter: FillFilter,
  options?: IterateOptions,
): AsyncGenerator<FillWire> {
  fillQuery(filter);
  checkIterateOptions(target, options);
  const call = callOptionsOf(options);
  const { orderId, productId, profileId, marketType, startDate, endDate } = filter;
  const fixed: FillFilter = Object.fromEntries(
    Object.entries({ orderId, productId, profileId, marketType, startDate, endDate }).filter(
      ([, value]) => value !== undefined,
    ),
  );
  return paginate(
    (after, limit) => getFills(requester, { ...fixed, ...(after ? { after } : {}), limit }, call),
    options,
  );
}
