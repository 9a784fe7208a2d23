import type { SideWire } from './contract.js';

/** One trade on a product's public tape. */
export interface TradeRecord {
  readonly tradeId: number;
  readonly time: number;
  readonly priceTicks: number;
  readonly size: number;
  /** The maker's side, as Coinbase publishes it. */
  readonly makerSide: SideWire;
}

/** One OHLCV bucket, integer units. */
export interface Candle {
  readonly start: number;
  low: number;
  high: number;
  open: number;
  close: number;
  volume: number;
}

/** Candle sizes Coinbase serves, in seconds. */
export const GRANULARITIES = [60, 300, 900, 3600, 21600, 86400] as const;

/** 24-hour and 30-day figures in integer units. */
export interface TradeStats {
  open: number;
  high: number;
  low: number;
  last: number;
  volume: number;
  volume30d: number;
}

const MAX_TRADES = 200_000;
const MAX_CANDLES = 20_000;
const DAY_MS = 86_400_000;

/**
 * A product's trade history: the trade list (ids are consecutive, so a page is index
 * arithmetic), candles kept up to date per granularity, and 24-hour stats.
 * Old trades and candles are dropped past a cap so a long run stays bounded.
 */
export class TradeTape {
  private readonly trades: TradeRecord[] = [];
  private readonly candlesBySize = new Map<number, Candle[]>(GRANULARITIES.map((size) => [size, []]));
  private cachedStats: { stats: TradeStats; minute: number } | undefined;

  /** The last trade, if any. */
  last(): TradeRecord | undefined {
    return this.trades[this.trades.length - 1];
  }

  get lastTradeId(): number {
    return this.last()?.tradeId ?? 0;
  }

  record(trade: TradeRecord): void {
    this.trades.push(trade);
    if (this.trades.length > MAX_TRADES) this.trades.splice(0, MAX_TRADES / 4);
    for (const [granularity, candles] of this.candlesBySize) this.addToCandles(candles, granularity, trade);
    const cached = this.cachedStats;
    if (cached !== undefined && Math.floor(trade.time / 60_000) === cached.minute) {
      const stats = cached.stats;
      if (stats.volume === 0) stats.open = trade.priceTicks;
      stats.high = Math.max(stats.high, trade.priceTicks);
      stats.low = stats.volume === 0 ? trade.priceTicks : Math.min(stats.low, trade.priceTicks);
      stats.last = trade.priceTicks;
      stats.volume += trade.size;
      stats.volume30d += trade.size;
    } else {
      this.cachedStats = undefined;
    }
  }

  /** All retained trades, oldest first (trade ids ascend by one). */
  all(): readonly TradeRecord[] {
    return this.trades;
  }

  /** Candles with start in [startMs, endMs], newest first; empty buckets are absent. */
  candles(granularity: number, startMs: number, endMs: number): Candle[] {
    const candles = this.candlesBySize.get(granularity);
    if (candles === undefined) return [];
    const result: Candle[] = [];
    for (let index = candles.length - 1; index >= 0; index -= 1) {
      const candle = candles[index] as Candle;
      if (candle.start > endMs) continue;
      if (candle.start < startMs) break;
      result.push(candle);
    }
    return result;
  }

  /** Open/high/low/last/volume over the 24 hours before `now`, and 30-day volume. */
  stats(now: number): TradeStats {
    const minute = Math.floor(now / 60_000);
    if (this.cachedStats?.minute === minute) return this.cachedStats.stats;
    const stats: TradeStats = {
      open: 0,
      high: 0,
      low: 0,
      last: this.last()?.priceTicks ?? 0,
      volume: 0,
      volume30d: 0,
    };
    const minutes = this.candles(60, now - DAY_MS + 1, now);
    for (let index = minutes.length - 1; index >= 0; index -= 1) {
      const candle = minutes[index] as Candle;
      if (stats.volume === 0) {
        stats.open = candle.open;
        stats.low = candle.low;
      }
      stats.high = Math.max(stats.high, candle.high);
      stats.low = Math.min(stats.low, candle.low);
      stats.volume += candle.volume;
    }
    for (const day of this.candles(86400, now - 30 * DAY_MS, now)) stats.volume30d += day.volume;
    this.cachedStats = { stats, minute };
    return stats;
  }

  private addToCandles(candles: Candle[], granularity: number, trade: TradeRecord): void {
    const size = granularity * 1000;
    const start = Math.floor(trade.time / size) * size;
    let candle = candles[candles.length - 1];
    if (candle === undefined || candle.start < start) {
      candles.push(candleOpenedBy(trade, start));
      if (candles.length > MAX_CANDLES) candles.splice(0, MAX_CANDLES / 4);
      return;
    }
    if (candle.start > start) {
      // The clock went back (a test clock): update the older bucket, keeping order.
      let index = candles.length - 1;
      while (index > 0 && (candles[index] as Candle).start > start) index -= 1;
      candle = candles[index] as Candle;
      if (candle.start !== start) {
        candles.splice(index + 1, 0, candleOpenedBy(trade, start));
        return;
      }
      candle.low = Math.min(candle.low, trade.priceTicks);
      candle.high = Math.max(candle.high, trade.priceTicks);
      candle.volume += trade.size;
      return;
    }
    candle.low = Math.min(candle.low, trade.priceTicks);
    candle.high = Math.max(candle.high, trade.priceTicks);
    candle.close = trade.priceTicks;
    candle.volume += trade.size;
  }
}

/** A new candle bucket starting at `start` whose only trade so far is `trade`. */
function candleOpenedBy(trade: TradeRecord, start: number): Candle {
  return {
    start,
    low: trade.priceTicks,
    high: trade.priceTicks,
    open: trade.priceTicks,
    close: trade.priceTicks,
    volume: trade.size,
  };
}
