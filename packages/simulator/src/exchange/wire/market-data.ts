import type { MatchingEngine } from '../../engine/matching-engine.js';
import type { BookWire, CandleWire, TradeWire } from '../contract.js';
import type { Product } from '../products.js';
import type { OrderRecord } from '../records.js';
import type { Candle, TradeRecord, TradeStats, TradeTape } from '../trade-tape.js';
import { isoTime, marketPrice, priceNumber, sizeNumber, wireSize } from './wire-format.js';

/** Public market data in Coinbase's wire shapes, read from a product's book and trade tape. */

/** `GET /products/{id}/book`: level 1 (best), 2 (aggregated) or 3 (every order), best first. */
export function bookWire(
  product: Product,
  engine: MatchingEngine<OrderRecord>,
  level: 1 | 2 | 3,
  sequence: number,
  now: number,
): BookWire {
  const rows = (side: typeof engine.bids): Array<[string, string, number | string]> => {
    const result: Array<[string, string, number | string]> = [];
    for (const priceLevel of side.bestFirst()) {
      const price = marketPrice(product, priceLevel.priceTicks);
      if (level === 3) {
        for (const order of priceLevel.orders())
          result.push([price, wireSize(product, order.remaining), order.id]);
      } else {
        result.push([price, wireSize(product, priceLevel.size), priceLevel.count]);
        if (level === 1) break;
      }
    }
    return result;
  };
  return {
    bids: rows(engine.bids),
    asks: rows(engine.asks),
    sequence,
    time: isoTime(now),
    auction_mode: false,
    auction: null,
  };
}

/** `GET /products/{id}/ticker`: last trade, best bid and ask, 24 h volume. */
export function tickerWire(
  product: Product,
  engine: MatchingEngine<OrderRecord>,
  tape: TradeTape,
  now: number,
): Record<string, unknown> {
  const last = tape.last();
  const bid = engine.bids.best();
  const ask = engine.asks.best();
  return {
    trade_id: last?.tradeId ?? 0,
    price: marketPrice(product, last?.priceTicks ?? product.startingPriceTicks),
    size: wireSize(product, last?.size ?? 0),
    time: isoTime(last?.time ?? now),
    bid: bid === undefined ? '' : marketPrice(product, bid.priceTicks),
    ask: ask === undefined ? '' : marketPrice(product, ask.priceTicks),
    volume: wireSize(product, tape.stats(now).volume),
    rfq_volume: '0',
    conversions_volume: '0',
  };
}

/** One `GET /products/{id}/trades` entry (`side` = the maker's side). */
export function tradeWire(product: Product, trade: TradeRecord): TradeWire {
  return {
    time: isoTime(trade.time),
    trade_id: trade.tradeId,
    price: marketPrice(product, trade.priceTicks),
    size: wireSize(product, trade.size),
    side: trade.makerSide,
  };
}

/** One candle row: `[time, low, high, open, close, volume]`, numbers. */
export function candleWire(product: Product, candle: Candle): CandleWire {
  return [
    candle.start / 1000,
    priceNumber(product, candle.low),
    priceNumber(product, candle.high),
    priceNumber(product, candle.open),
    priceNumber(product, candle.close),
    sizeNumber(product, candle.volume),
  ];
}

/** `GET /products/{id}/stats`. */
export function statsWire(product: Product, stats: TradeStats): Record<string, string> {
  return {
    open: marketPrice(product, stats.open),
    high: marketPrice(product, stats.high),
    low: marketPrice(product, stats.low),
    last: marketPrice(product, stats.last),
    volume: wireSize(product, stats.volume),
    volume_30day: wireSize(product, stats.volume30d),
    rfq_volume_24hour: '0',
    conversions_volume_24hour: '0',
    rfq_volume_30day: '0',
    conversions_volume_30day: '0',
  };
}
