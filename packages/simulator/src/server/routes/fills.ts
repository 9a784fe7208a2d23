import { failure, fromPage, parsePageRequest } from '../replies.js';
import { normalizeProductId } from '../request.js';
import type { Route } from '../router.js';

/** `GET /fills?order_id|product_id`: its own rate-limit bucket, as on Coinbase. */
export const fillRoutes: Route[] = [
  {
    method: 'GET',
    path: '/fills',
    access: { kind: 'private', permission: 'view', bucket: 'fills' },
    handle: ({ exchange, caller, query }) => {
      const orderId = query.get('order_id') || undefined;
      const productId = normalizeProductId(query.get('product_id'));
      if (orderId === undefined && productId === undefined) {
        return failure(400, 'Either order_id or product_id is required');
      }
      const page = parsePageRequest(query);
      if (!page.ok) return page.reply;
      const filter: { orderId?: string; productId?: string } = {};
      if (orderId !== undefined) filter.orderId = orderId;
      if (productId !== undefined) filter.productId = productId;
      return fromPage(exchange.fills(caller, filter, page.page));
    },
  },
];
