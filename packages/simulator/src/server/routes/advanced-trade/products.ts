import { Decimal } from 'decimal.js';
import { advancedTradeNotFound, invalidArgument, readLimit } from '../../advanced-trade/replies.js';
import { ok } from '../../replies.js';
import type { Reply, Route, RouteRequest } from '../../router.js';
import {
  CANDLE_GRANULARITIES,
  candlesView,
  MAX_CANDLES,
  pricebookView,
  productView,
} from './market-views.js';

const BROKERAGE = '/api/v3/brokerage';
const viewAccess = { kind: 'private', permission: 'view', bucket: 'private' } as const;
const publicAccess = { kind: 'public' } as const;

function listProducts({ exchange, query }: RouteRequest): Reply {
  const wanted = query.getAll('product_ids');
  const productType = query.get('product_type');
  if (productType !== undefined && productType !== '' && productType !== 'SPOT') {
    return ok({ products: [], num_products: 0 });
  }
  let products = exchange.products();
  if (wanted.length > 0) products = products.filter((product) => wanted.includes(product.id));
  const limit = readLimit(query.get('limit'), products.length || 1, 10_000);
  if (typeof limit !== 'number') return limit;
  const offsetText = query.get('offset') ?? '0';
  const offset = /^\d+$/.test(offsetText) ? Number(offsetText) : 0;
  const page = products.slice(offset, offset + limit).map((product) => productView(exchange, product));
  return ok({ products: page, num_products: products.length });
}

function getProduct({ exchange, params }: RouteRequest): Reply {
  const product = exchange.product(params.product_id as string);
  return product ? ok(productView(exchange, product)) : advancedTradeNotFound('product not found');
}

function candles({ exchange, params, query }: RouteRequest): Reply {
  const productId = params.product_id as string;
  if (!exchange.product(productId)) return advancedTradeNotFound('product not found');
  const granularityName = query.get('granularity') ?? '';
  const granularity = CANDLE_GRANULARITIES[granularityName];
  if (granularity === undefined) {
    return invalidArgument(
      `granularity: expected one of ${Object.keys(CANDLE_GRANULARITIES).join(', ')}, received "${granularityName}"`,
    );
  }
  const start = query.get('start');
  const end = query.get('end');
  if (start === undefined || !/^\d+$/.test(start)) return invalidArgument('start: expected UNIX seconds');
  if (end === undefined || !/^\d+$/.test(end)) return invalidArgument('end: expected UNIX seconds');
  const startSeconds = Number(start);
  const endSeconds = Number(end);
  if (endSeconds < startSeconds) return invalidArgument('start must be before end');
  const limit = readLimit(query.get('limit'), MAX_CANDLES, MAX_CANDLES);
  if (typeof limit !== 'number') return limit;
  if ((endSeconds - startSeconds) / granularity > MAX_CANDLES) {
    return invalidArgument(`number of candles requested should be less than ${MAX_CANDLES + 1}`);
  }
  const view = candlesView(exchange, productId, granularity, startSeconds, endSeconds);
  if (!view.ok) return invalidArgument(view.message);
  return ok({ candles: view.candles.slice(0, limit) });
}

/** `GET .../products/{id}/ticker`: recent trades with the aggressor's side, and the best bid and ask. */
function marketTrades({ exchange, params, query }: RouteRequest): Reply {
  const productId = params.product_id as string;
  if (!exchange.product(productId)) return advancedTradeNotFound('product not found');
  const limit = readLimit(query.get('limit'), 100, 1000);
  if (typeof limit !== 'number') return limit;
  const trades = exchange.trades(productId, { limit });
  const ticker = exchange.ticker(productId);
  if (!trades.ok || !ticker.ok) return advancedTradeNotFound('product not found');
  return ok({
    trades: trades.value.items.map((trade) => ({
      trade_id: String(trade.trade_id),
      product_id: productId,
      price: new Decimal(trade.price).toFixed(),
      size: new Decimal(trade.size).toFixed(),
      time: trade.time,
      // The Exchange tape records the maker's side; Advanced Trade reports the taker's (UNCONFIRMED).
      side: trade.side === 'buy' ? 'SELL' : 'BUY',
      exchange: 'CBE',
    })),
    best_bid: String(ticker.value.bid ?? ''),
    best_ask: String(ticker.value.ask ?? ''),
  });
}

function productBook({ exchange, query }: RouteRequest): Reply {
  const productId = query.get('product_id');
  if (productId === undefined || productId === '') return invalidArgument('product_id: required');
  const limit = readLimit(query.get('limit'), 50, 10_000);
  if (typeof limit !== 'number') return limit;
  const book = exchange.book(productId, 2);
  if (!book.ok) return advancedTradeNotFound('product not found');
  const pricebook = pricebookView(productId, book.value, limit);
  const bestBid = book.value.bids[0]?.[0];
  const bestAsk = book.value.asks[0]?.[0];
  const ticker = exchange.ticker(productId);
  let mid = '';
  let spreadAbsolute = '';
  let spreadBps = '';
  if (bestBid !== undefined && bestAsk !== undefined) {
    const midValue = new Decimal(bestBid).plus(bestAsk).div(2);
    mid = midValue.toFixed();
    spreadAbsolute = new Decimal(bestAsk).minus(bestBid).toFixed();
    spreadBps = new Decimal(bestAsk).minus(bestBid).div(midValue).times(10_000).toDecimalPlaces(4).toFixed();
  }
  return ok({
    pricebook,
    last: ticker.ok ? String(ticker.value.price ?? '') : '',
    mid_market: mid,
    spread_bps: spreadBps,
    spread_absolute: spreadAbsolute,
  });
}

function bestBidAsk({ exchange, query }: RouteRequest): Reply {
  const wanted = query.getAll('product_ids');
  const productIds = wanted.length > 0 ? wanted : exchange.products().map((product) => product.id);
  const pricebooks = [];
  for (const productId of productIds) {
    const book = exchange.book(productId, 1);
    if (book.ok) pricebooks.push(pricebookView(productId, book.value, 1));
  }
  return ok({ pricebooks });
}

function time({ context }: RouteRequest): Reply {
  const nowMs = context.wallClock();
  return ok({
    iso: new Date(nowMs).toISOString(),
    epochSeconds: String(Math.floor(nowMs / 1000)),
    epochMillis: String(Math.floor(nowMs)),
  });
}

/** Market data, signed (`/products...`) and public (`/market/...`), and the public `/time`. */
export const advancedTradeProductRoutes: Route[] = [
  { method: 'GET', path: `${BROKERAGE}/time`, access: publicAccess, handle: time },
  { method: 'GET', path: `${BROKERAGE}/products`, access: viewAccess, handle: listProducts },
  { method: 'GET', path: `${BROKERAGE}/products/{product_id}`, access: viewAccess, handle: getProduct },
  { method: 'GET', path: `${BROKERAGE}/products/{product_id}/candles`, access: viewAccess, handle: candles },
  {
    method: 'GET',
    path: `${BROKERAGE}/products/{product_id}/ticker`,
    access: viewAccess,
    handle: marketTrades,
  },
  { method: 'GET', path: `${BROKERAGE}/product_book`, access: viewAccess, handle: productBook },
  { method: 'GET', path: `${BROKERAGE}/best_bid_ask`, access: viewAccess, handle: bestBidAsk },
  { method: 'GET', path: `${BROKERAGE}/market/products`, access: publicAccess, handle: listProducts },
  {
    method: 'GET',
    path: `${BROKERAGE}/market/products/{product_id}`,
    access: publicAccess,
    handle: getProduct,
  },
  {
    method: 'GET',
    path: `${BROKERAGE}/market/products/{product_id}/candles`,
    access: publicAccess,
    handle: candles,
  },
  {
    method: 'GET',
    path: `${BROKERAGE}/market/products/{product_id}/ticker`,
    access: publicAccess,
    handle: marketTrades,
  },
  { method: 'GET', path: `${BROKERAGE}/market/product_book`, access: publicAccess, handle: productBook },
];
