import { Decimal } from 'decimal.js';
import type { ExchangeApi, SideWire } from '../../../exchange/contract.js';
import { trim } from '../../advanced-trade/order-view.js';

/** `level2` (sent as `l2_data`): the whole book as one snapshot event; decimals trimmed as REST prints them. */
export function level2SnapshotEvent(exchange: ExchangeApi, productId: string, time: string): unknown {
  const book = exchange.book(productId, 2);
  const updates: unknown[] = [];
  if (book.ok) {
    for (const [price, size] of book.value.bids)
      updates.push({ side: 'bid', event_time: time, price_level: trim(price), new_quantity: trim(size) });
    for (const [price, size] of book.value.asks)
      updates.push({ side: 'offer', event_time: time, price_level: trim(price), new_quantity: trim(size) });
  }
  return { type: 'snapshot', product_id: productId, updates };
}

/** `l2_data` update: absolute new quantities per level, `"0"` removes it. */
export function level2UpdateEvent(
  productId: string,
  changes: ReadonlyArray<readonly [SideWire, string, string]>,
  time: string,
): unknown {
  return {
    type: 'update',
    product_id: productId,
    updates: changes.map(([side, price, size]) => ({
      side: side === 'buy' ? 'bid' : 'offer',
      event_time: time,
      price_level: trim(price),
      new_quantity: trim(size),
    })),
  };
}

/** One `tickers` entry from the Exchange-shaped ticker message. */
export function tickerEntry(message: Record<string, unknown>): Record<string, unknown> {
  const price = String(message.price ?? '0');
  const open = String(message.open_24h ?? '0');
  const change =
    open !== '' && new Decimal(open || '0').gt(0)
      ? new Decimal(price || '0').minus(open).div(open).times(100).toDecimalPlaces(8).toFixed()
      : '0';
  return {
    type: 'ticker',
    product_id: message.product_id,
    price,
    volume_24_h: message.volume_24h ?? '0',
    low_24_h: message.low_24h ?? '0',
    high_24_h: message.high_24h ?? '0',
    low_52_w: message.low_24h ?? '0',
    high_52_w: message.high_24h ?? '0',
    price_percent_chg_24_h: change,
    best_bid: message.best_bid ?? '',
    best_bid_quantity: message.best_bid_size ?? '',
    best_ask: message.best_ask ?? '',
    best_ask_quantity: message.best_ask_size ?? '',
  };
}

/** The current ticker of a product as a snapshot entry, when it has traded. */
export function tickerSnapshotEntry(
  exchange: ExchangeApi,
  productId: string,
): Record<string, unknown> | undefined {
  const ticker = exchange.ticker(productId);
  if (!ticker.ok) return undefined;
  return tickerEntry({
    product_id: productId,
    ...ticker.value,
    volume_24h: ticker.value.volume,
    best_bid: ticker.value.bid,
    best_ask: ticker.value.ask,
  });
}

/**
 * A `market_trades` entry from an Exchange `match`. `side` is the taker's (the `match` carries the
 * maker's), as the REST ticker reports it (UNCONFIRMED; see docs/decisions/0010).
 */
export function marketTradeEntry(message: Record<string, unknown>): Record<string, unknown> {
  return {
    trade_id: String(message.trade_id),
    product_id: message.product_id,
    price: trim(String(message.price)),
    size: trim(String(message.size)),
    side: message.side === 'buy' ? 'SELL' : 'BUY',
    time: message.time,
  };
}

/** The last trades of a product (newest first), for the `market_trades` snapshot. */
export function marketTradesSnapshot(exchange: ExchangeApi, productId: string): unknown[] {
  const trades = exchange.trades(productId, { limit: 50 });
  if (!trades.ok) return [];
  return trades.value.items.map((trade) => ({
    trade_id: String(trade.trade_id),
    product_id: productId,
    price: trim(trade.price),
    size: trim(trade.size),
    side: trade.side === 'buy' ? 'SELL' : 'BUY',
    time: trade.time,
  }));
}

/** Advanced Trade's `candles` channel uses five-minute buckets. */
export const candleSeconds = 300;

/** The current five-minute candle of a product, or none before its first trade in the bucket. */
export function currentCandles(exchange: ExchangeApi, productId: string): unknown[] {
  const nowSeconds = Math.floor(exchange.now() / 1000);
  const start = nowSeconds - (nowSeconds % candleSeconds);
  const candles = exchange.candles(productId, candleSeconds, start, start + candleSeconds);
  if (!candles.ok) return [];
  return candles.value
    .filter(([time]) => time === start)
    .map(([time, low, high, open, close, volume]) => ({
      start: String(time),
      high: String(high),
      low: String(low),
      open: String(open),
      close: String(close),
      volume: String(volume),
      product_id: productId,
    }));
}

/** The `status` channel's product list. */
export function statusProducts(exchange: ExchangeApi, productIds: ReadonlySet<string>): unknown[] {
  return exchange
    .products()
    .filter((product) => productIds.size === 0 || productIds.has(product.id))
    .map((product) => ({
      product_type: 'SPOT',
      id: product.id,
      base_currency: product.base_currency,
      quote_currency: product.quote_currency,
      base_increment: product.base_increment,
      quote_increment: product.quote_increment,
      display_name: product.display_name,
      status: product.status === 'online' ? 'online' : product.status,
      status_message: product.status_message ?? '',
      min_market_funds: product.min_market_funds,
    }));
}
