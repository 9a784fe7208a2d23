import { failure, fromPage, fromResult, notFound, ok, parsePageRequest } from '../replies.js';
import type { Route } from '../router.js';
import { candlesReply } from './candles.js';

const publicAccess = { kind: 'public' } as const;

/** Public market data: products, book, ticker, trades, candles, stats. */
export const productRoutes: Route[] = [
  {
    method: 'GET',
    path: '/products',
    access: publicAccess,
    handle: ({ exchange }) => ok(exchange.products()),
  },
  {
    method: 'GET',
    path: '/products/{product_id}',
    access: publicAccess,
    handle: ({ exchange, params }) => {
      const product = exchange.product(params.product_id as string);
      return product ? ok(product) : notFound;
    },
  },
  {
    method: 'GET',
    path: '/products/{product_id}/book',
    access: publicAccess,
    handle: ({ exchange, params, query }) => {
      const levelText = query.get('level');
      const level = levelText === undefined || levelText === '' ? 1 : Number(levelText);
      if (level !== 1 && level !== 2 && level !== 3) return failure(400, 'Invalid level');
      return fromResult(exchange.book(params.product_id as string, level));
    },
  },
  {
    method: 'GET',
    path: '/products/{product_id}/ticker',
    access: publicAccess,
    handle: ({ exchange, params }) => fromResult(exchange.ticker(params.product_id as string)),
  },
  {
    method: 'GET',
    path: '/products/{product_id}/trades',
    access: publicAccess,
    handle: ({ exchange, params, query }) => {
      const page = parsePageRequest(query);
      if (!page.ok) return page.reply;
      return fromPage(exchange.trades(params.product_id as string, page.page));
    },
  },
  {
    method: 'GET',
    path: '/products/{product_id}/candles',
    access: publicAccess,
    handle: ({ exchange, params, query }) => candlesReply(exchange, params.product_id as string, query),
  },
  {
    method: 'GET',
    path: '/products/{product_id}/stats',
    access: publicAccess,
    handle: ({ exchange, params }) => fromResult(exchange.stats(params.product_id as string)),
  },
];
