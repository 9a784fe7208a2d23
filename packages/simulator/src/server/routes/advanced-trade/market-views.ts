import { Decimal } from 'decimal.js';
import type { BookWire, CandleWire, ExchangeApi, ProductWire } from '../../../exchange/contract.js';
import { currenciesOf } from '../../currencies.js';

/** Advanced Trade's candle granularities and their length in seconds. */
export const CANDLE_GRANULARITIES: Readonly<Record<string, number>> = {
  ONE_MINUTE: 60,
  FIVE_MINUTE: 300,
  FIFTEEN_MINUTE: 900,
  THIRTY_MINUTE: 1800,
  ONE_HOUR: 3600,
  TWO_HOUR: 7200,
  SIX_HOUR: 21600,
  ONE_DAY: 86400,
};

/** Buckets the engine keeps; THIRTY_MINUTE and TWO_HOUR are merged from 15-minute and 1-hour buckets. */
const ENGINE_GRANULARITY: Readonly<Record<number, number>> = { 1800: 900, 7200: 3600 };

/** Most candles one request may span (Coinbase's documented cap). */
export const MAX_CANDLES = 350;

const trimmed = (value: string | number) => new Decimal(value).toFixed();

/** A product as `GET /api/v3/brokerage/products/{id}` shows it (spot only). */
export function productView(exchange: ExchangeApi, product: ProductWire): Record<string, unknown> {
  const ticker = exchange.ticker(product.id);
  const stats = exchange.stats(product.id);
  const price = ticker.ok ? String(ticker.value.price ?? '') : '';
  const volume = stats.ok ? (stats.value.volume ?? '0') : '0';
  const open = stats.ok ? new Decimal(stats.value.open ?? '0') : new Decimal(0);
  const change =
    open.gt(0) && price !== '' ? new Decimal(price).minus(open).div(open).times(100) : new Decimal(0);
  const bid = ticker.ok ? String(ticker.value.bid ?? '') : '';
  const ask = ticker.ok ? String(ticker.value.ask ?? '') : '';
  const mid = bid !== '' && ask !== '' ? new Decimal(bid).plus(ask).div(2).toFixed() : '';
  const minSize = new Decimal(product.base_increment);
  const currencies = currenciesOf([product]);
  const nameOf = (id: string) => String(currencies.find((currency) => currency.id === id)?.name ?? id);
  const disabled = product.trading_disabled || product.status !== 'online';
  return {
    product_id: product.id,
    price,
    price_percentage_change_24h: change.toDecimalPlaces(8).toFixed(),
    volume_24h: trimmed(volume),
    volume_percentage_change_24h: '0',
    base_increment: product.base_increment,
    quote_increment: product.quote_increment,
    quote_min_size: product.min_market_funds,
    quote_max_size: '100000000',
    base_min_size: minSize.toFixed(),
    base_max_size: '100000000',
    base_name: nameOf(product.base_currency),
    quote_name: nameOf(product.quote_currency),
    watched: false,
    is_disabled: disabled,
    new: false,
    status: disabled ? 'offline' : 'online',
    cancel_only: product.cancel_only,
    limit_only: product.limit_only,
    post_only: product.post_only,
    trading_disabled: product.trading_disabled,
    auction_mode: product.auction_mode,
    product_type: 'SPOT',
    quote_currency_id: product.quote_currency,
    base_currency_id: product.base_currency,
    fcm_trading_session_details: null,
    mid_market_price: mid,
    alias: '',
    alias_to: [],
    base_display_symbol: product.base_currency,
    quote_display_symbol: product.quote_currency,
    view_only: false,
    price_increment: product.quote_increment,
    display_name: product.display_name,
    product_venue: 'CBE',
    approximate_quote_24h_volume:
      price === '' ? '0' : new Decimal(volume).times(price).toDecimalPlaces(2).toFixed(),
  };
}

/** Bids and asks as `{price, size}` entries, at most `limit` per side. */
export function pricebookView(productId: string, book: BookWire, limit: number): Record<string, unknown> {
  const side = (entries: BookWire['bids']) =>
    entries.slice(0, limit).map(([price, size]) => ({ price: trimmed(price), size: trimmed(size) }));
  return { product_id: productId, bids: side(book.bids), asks: side(book.asks), time: book.time };
}

/** Candles `[time, low, high, open, close, volume]` (newest first) as Advanced Trade's string objects, merged to `granularity`. */
export function candlesView(
  exchange: ExchangeApi,
  productId: string,
  granularity: number,
  startSeconds: number,
  endSeconds: number,
): { ok: true; candles: Array<Record<string, string>> } | { ok: false; message: string } {
  const engineGranularity = ENGINE_GRANULARITY[granularity] ?? granularity;
  const result = exchange.candles(productId, engineGranularity, startSeconds, endSeconds);
  if (!result.ok) return { ok: false, message: result.error.message };
  const merged = new Map<number, CandleWire[]>();
  for (const candle of result.value) {
    const bucket = Math.floor(candle[0] / granularity) * granularity;
    const group = merged.get(bucket);
    if (group) group.push(candle);
    else merged.set(bucket, [candle]);
  }
  const candles: Array<Record<string, string>> = [];
  for (const [start, group] of [...merged].sort((a, b) => b[0] - a[0])) {
    // Engine candles come newest first: the last of the group opens the bucket.
    const oldest = group[group.length - 1] as CandleWire;
    const newest = group[0] as CandleWire;
    let volume = new Decimal(0);
    for (const candle of group) volume = volume.plus(candle[5]);
    candles.push({
      start: String(start),
      low: trimmed(Math.min(...group.map((candle) => candle[1]))),
      high: trimmed(Math.max(...group.map((candle) => candle[2]))),
      open: trimmed(oldest[3]),
      close: trimmed(newest[4]),
      volume: volume.toFixed(),
    });
  }
  return { ok: true, candles };
}
