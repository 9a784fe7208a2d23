import { pathSegment } from '../http/query.js';
import { type OrderPlacementPolicy, placeOrderSafely, sendOrder } from '../order-placement.js';
import { prepareOrder } from '../order-request.js';
import { type IterateOptions, type Page, type PageRequest, paginate } from '../pagination.js';
import type { Requester } from '../requester.js';
import type { CallOptions } from '../types/common.js';
import type { Order, OrderFilter, PlaceOrderRequest } from '../types/orders.js';
import { type RequestTarget, requireId } from '../validation.js';
import { callOptionsOf, checkIterateOptions, pageQuery, toPage } from './paging.js';

/** `POST /orders`, placed at most once (see `placeOrderSafely`). */
export function placeOrder(
  requester: Requester,
  request: PlaceOrderRequest,
  policy: OrderPlacementPolicy,
  newClientOid: () => string,
  call?: CallOptions,
): Promise<Order> {
  // Validation errors are thrown as rejections, like every other failure.
  try {
    const prepared = prepareOrder(request, newClientOid);
    const options = call ?? {};
    // The first attempt starts here, so the request is written before the placement logic's
    // own (asynchronous) frames are set up.
    return placeOrderSafely(requester, prepared, policy, options, sendOrder(requester, prepared, options));
  } catch (error) {
    return Promise.reject(error);
  }
}

function orderPath(method: string, template: string, name: string, id: string, prefix = ''): string {
  return `/orders/${prefix}${pathSegment(requireId({ method, path: template }, name, id))}`;
}

/** `GET /orders/{order_id}`. */
export async function getOrder(requester: Requester, orderId: string, call?: CallOptions): Promise<Order> {
  const path = orderPath('GET', '/orders/{order_id}', 'orderId', orderId);
  return (
    await requester.send<Order>(
      { method: 'GET', path, access: 'private', bucket: 'private', resend: 'idempotent' },
      call,
    )
  ).data;
}

/** `GET /orders/client:{client_oid}`. */
export async function getOrderByClientOid(
  requester: Requester,
  clientOid: string,
  call?: CallOptions,
): Promise<Order> {
  const path = orderPath('GET', '/orders/client:{client_oid}', 'clientOid', clientOid, 'client:');
  return (
    await requester.send<Order>(
      { method: 'GET', path, access: 'private', bucket: 'private', resend: 'idempotent' },
      call,
    )
  ).data;
}

const LIST: RequestTarget = { method: 'GET', path: '/orders' };

function orderQuery(filter: OrderFilter | undefined) {
  return {
    product_id: filter?.productId === undefined ? undefined : requireId(LIST, 'productId', filter.productId),
    status: filter?.status,
    profile_id: filter?.profileId,
    sortedBy: filter?.sortedBy,
    sorting: filter?.sorting,
    start_date: filter?.startDate,
    end_date: filter?.endDate,
    market_type: filter?.marketType,
  };
}

/** One page of `GET /orders`, newest first. Without a status filter Coinbase lists open, pending and active orders. */
export async function listOrders(
  requester: Requester,
  filter?: OrderFilter,
  page?: PageRequest,
  call?: CallOptions,
): Promise<Page<Order>> {
  const query = { ...orderQuery(filter), ...pageQuery(LIST, page) };
  return toPage(
    await requester.send<Order[]>(
      { method: 'GET', path: '/orders', query, access: 'private', bucket: 'private', resend: 'idempotent' },
      call,
    ),
  );
}

/** Every order matching `filter` from the newest back, following `CB-AFTER`. */
export function iterateOrders(
  requester: Requester,
  filter?: OrderFilter,
  options?: IterateOptions,
): AsyncGenerator<Order> {
  orderQuery(filter);
  checkIterateOptions(LIST, options);
  const call = callOptionsOf(options);
  return paginate(
    (after, limit) => listOrders(requester, filter, { ...(after ? { after } : {}), limit }, call),
    options,
  );
}

/** `DELETE /orders/{order_id}`: returns the canceled order's id. Resent on 429/5xx/network failures. */
export async function cancelOrder(
  requester: Requester,
  orderId: string,
  productId?: string,
  call?: CallOptions,
): Promise<string> {
  const template = '/orders/{order_id}';
  const path = orderPath('DELETE', template, 'orderId', orderId);
  return cancelOne(requester, path, template, productId, call);
}

/** `DELETE /orders/client:{client_oid}`: returns the canceled order's id. */
export async function cancelOrderByClientOid(
  requester: Requester,
  clientOid: string,
  productId?: string,
  call?: CallOptions,
): Promise<string> {
  const template = '/orders/client:{client_oid}';
  const path = orderPath('DELETE', template, 'clientOid', clientOid, 'client:');
  return cancelOne(requester, path, template, productId, call);
}

async function cancelOne(
  requester: Requester,
  path: string,
  template: string,
  productId: string | undefined,
  call: CallOptions | undefined,
): Promise<string> {
  const product =
    productId === undefined
      ? undefined
      : requireId({ method: 'DELETE', path: template }, 'productId', productId);
  return (
    await requester.send<string>(
      {
        method: 'DELETE',
        path,
        query: { product_id: product },
        access: 'private',
        bucket: 'private',
        resend: 'idempotent',
      },
      call,
    )
  ).data;
}

/**
 * `DELETE /orders`: cancels every open order (of one product when given) and returns their ids.
 * Best effort on Coinbase's side: call again until it returns `[]` if you must be sure. Not resent
 * after an unclear failure (only after a 429), since a resend could cancel orders placed meanwhile.
 */
export async function cancelAllOrders(
  requester: Requester,
  productId?: string,
  call?: CallOptions,
): Promise<string[]> {
  const product =
    productId === undefined
      ? undefined
      : requireId({ method: 'DELETE', path: '/orders' }, 'productId', productId);
  return (
    await requester.send<string[]>(
      {
        method: 'DELETE',
        path: '/orders',
        query: { product_id: product },
        access: 'private',
        bucket: 'private',
        resend: 'rejected-only',
      },
      call,
    )
  ).data;
}
