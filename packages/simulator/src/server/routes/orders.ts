import { failure, fromPage, fromResult, parsePageRequest } from '../replies.js';
import { normalizeProductId } from '../request.js';
import type { Route, RouteRequest } from '../router.js';

const viewAccess = { kind: 'private', permission: 'view', bucket: 'private' } as const;
const tradeAccess = { kind: 'private', permission: 'trade', bucket: 'private' } as const;

/** The values `GET /orders?status=` accepts. */
export const orderStatusFilters: ReadonlySet<string> = new Set([
  'open',
  'pending',
  'active',
  'done',
  'rejected',
  'received',
  'all',
]);

/**
 * `product_id` from the query or, as ccxt sends it on DELETE, from the JSON body; ccxt's `BTC/USD`
 * is read as `BTC-USD`, and an unknown product is ignored rather than refused (it is only a hint).
 */
function productHint({ query, body, exchange }: RouteRequest): string | undefined {
  const fromBody =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>).product_id
      : undefined;
  const productId = normalizeProductId(query.get('product_id') ?? fromBody);
  return productId !== undefined && exchange.product(productId) ? productId : undefined;
}

/** Place, list, get and cancel orders. */
export const orderRoutes: Route[] = [
  {
    method: 'POST',
    path: '/orders',
    access: tradeAccess,
    placesOrder: true,
    handle: ({ exchange, caller, body }) => {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return failure(400, 'Invalid request body: expected a JSON object');
      }
      return fromResult(exchange.placeOrder(caller, body as Record<string, unknown>));
    },
  },
  {
    method: 'GET',
    path: '/orders',
    access: viewAccess,
    handle: ({ exchange, caller, query }) => {
      const statuses = query.getAll('status');
      for (const status of statuses) {
        if (!orderStatusFilters.has(status)) return failure(400, `Invalid status ${status}`);
      }
      const page = parsePageRequest(query);
      if (!page.ok) return page.reply;
      const productId = normalizeProductId(query.get('product_id'));
      const filter = productId === undefined ? { statuses } : { productId, statuses };
      return fromPage(exchange.listOrders(caller, filter, page.page));
    },
  },
  {
    method: 'GET',
    path: '/orders/{order_id}',
    access: viewAccess,
    handle: ({ exchange, caller, params }) =>
      fromResult(exchange.getOrder(caller, params.order_id as string)),
  },
  {
    method: 'DELETE',
    path: '/orders/{order_id}',
    access: tradeAccess,
    // The success body is the canceled order's id as a bare JSON string.
    handle: (request) =>
      fromResult(
        request.exchange.cancelOrder(request.caller, request.params.order_id as string, productHint(request)),
      ),
  },
  {
    method: 'DELETE',
    path: '/orders',
    access: tradeAccess,
    handle: (request) => fromResult(request.exchange.cancelAll(request.caller, productHint(request))),
  },
];
