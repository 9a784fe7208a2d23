import type { Clock } from '@tradeloop/clock';
import type { Decimal } from 'decimal.js';
import type { ProductId } from '../model/ids.js';
import type { Candle, Trade } from '../model/market-data.js';

interface OpenCandle {
  start: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
  tradeCount: number;
}

/**
 * Builds OHLCV candles of one product from its trades (or from finished finer candles, for
 * venues that deliver candles), bucketed by time at a fixed granularity. A candle closes when a trade of a later bucket arrives, or when
 * {@link CandleBuilder.closeDue} is called at or after the bucket's end (the runtime does this on
 * its clock, so a quiet market still closes candles). Buckets without trades produce no candle,
 * like Coinbase's own candles. A trade for a bucket already closed is dropped.
 */
export class CandleBuilder {
  readonly productId: ProductId;
  readonly granularityMs: number;
  #open: OpenCandle | undefined;
  /** A venue's candle that is exactly one bucket, handed on as it is (its Decimals stay lazy). */
  #whole: Candle | undefined;
  /** The end of the last finished candle added (candle-fed builders only). */
  #fedUntil = Number.NEGATIVE_INFINITY;
  #closedUntil = Number.NEGATIVE_INFINITY;

  constructor(productId: ProductId, granularityMs: number) {
    if (!Number.isInteger(granularityMs) || granularityMs <= 0)
      throw new RangeError(`granularityMs: expected a positive integer, received ${granularityMs}`);
    this.productId = productId;
    this.granularityMs = granularityMs;
  }

  /** Adds a trade; returns the candle it closed, if any. */
  addTrade(trade: Trade): Candle | undefined {
    const start = trade.time - (trade.time % this.granularityMs);
    if (start < this.#closedUntil) return undefined;
    let closed: Candle | undefined;
    if (this.#whole !== undefined) closed = this.#close();
    else if (this.#open !== undefined && start > this.#open.start) closed = this.#close();
    const candle = this.#open;
    if (candle === undefined) {
      this.#open = {
        start,
        open: trade.price,
        high: trade.price,
        low: trade.price,
        close: trade.price,
        volume: trade.size,
        tradeCount: 1,
      };
    } else if (start === candle.start) {
      if (trade.price.greaterThan(candle.high)) candle.high = trade.price;
      if (trade.price.lessThan(candle.low)) candle.low = trade.price;
      candle.close = trade.price;
      candle.volume = candle.volume.plus(trade.size);
      candle.tradeCount += 1;
    }
    return closed;
  }

  /**
   * Adds a finished candle of this granularity or a finer one that divides it; returns the candle
   * of an earlier bucket it closed, if any. The bucket this candle belongs to closes (see
   * {@link CandleBuilder.closeDue}) at its end: right away when this candle ends it. A candle of
   * exactly one bucket is kept as it is, so the strategy gets the venue's own object.
   */
  addCandle(candle: Candle): Candle | undefined {
    const start = candle.start - (candle.start % this.granularityMs);
    if (start < this.#closedUntil) return undefined;
    let closed: Candle | undefined;
    if (this.#whole !== undefined || (this.#open !== undefined && start > this.#open.start))
      closed = this.#close();
    this.#fedUntil = candle.start + candle.granularityMs;
    const open = this.#open;
    if (open === undefined) {
      if (candle.start === start && candle.granularityMs === this.granularityMs) this.#whole = candle;
      else {
        const { open, high, low, close, volume, tradeCount } = candle;
        this.#open = { start, open, high, low, close, volume, tradeCount };
      }
    } else {
      if (candle.high.greaterThan(open.high)) open.high = candle.high;
      if (candle.low.lessThan(open.low)) open.low = candle.low;
      open.close = candle.close;
      open.volume = open.volume.plus(candle.volume);
      open.tradeCount += candle.tradeCount;
    }
    return closed;
  }

  /**
   * Closes the open candle if its bucket has ended by `now` (ms). A bucket fed with finished
   * candles whose last one has not come yet stays open at its very end (`now` equal to it): that
   * candle is stamped with this instant and may still arrive; it closes just after.
   */
  closeDue(now: number): Candle | undefined {
    const until = this.openUntil;
    if (until === undefined || now < until) return undefined;
    if (now === until && this.#fedUntil > Number.NEGATIVE_INFINITY && this.#fedUntil < until)
      return undefined;
    return this.#close();
  }

  /** When the open candle's bucket ends, if one is open. */
  get openUntil(): number | undefined {
    if (this.#whole !== undefined) return this.#whole.start + this.granularityMs;
    return this.#open === undefined ? undefined : this.#open.start + this.granularityMs;
  }

  #close(): Candle {
    const whole = this.#whole;
    if (whole !== undefined) {
      this.#whole = undefined;
      this.#closedUntil = whole.start + this.granularityMs;
      return whole;
    }
    const candle = this.#open as OpenCandle;
    this.#open = undefined;
    this.#closedUntil = candle.start + this.granularityMs;
    return {
      productId: this.productId,
      start: candle.start,
      granularityMs: this.granularityMs,
      open: candle.open,
      high: candle.high,
      low: candle.low,
      close: candle.close,
      volume: candle.volume,
      tradeCount: candle.tradeCount,
    };
  }
}

/** What {@link scheduleCandleCloses} needs from the runtime. */
export interface CandleCloseSchedule {
  readonly clock: Pick<Clock, 'now'>;
  readonly granularityMs: number;
  /** Sets one of the runtime's own timers (canceled at shutdown). */
  setTimer(delayMs: number, callback: () => void): void;
  builders(): Iterable<CandleBuilder>;
  /** Runs a task in the runtime's event loop. */
  inLoop(task: () => void): void;
  closed(candle: Candle): void;
}

/** At every bucket boundary on the clock, closes the candles that are due, even in a quiet market. */
export function scheduleCandleCloses(schedule: CandleCloseSchedule): void {
  const { clock, granularityMs } = schedule;
  // One callback for every boundary (a backtest passes half a million of them).
  const fire = () => {
    schedule.inLoop(closeDue);
    tick();
  };
  const tick = () => {
    const now = clock.now();
    schedule.setTimer(granularityMs - (now % granularityMs), fire);
  };
  const closeDue = () => {
    const now = clock.now();
    let waiting = false;
    for (const builder of schedule.builders()) {
      const candle = builder.closeDue(now);
      if (candle !== undefined) schedule.closed(candle);
      else if (builder.openUntil !== undefined && builder.openUntil <= now) waiting = true;
    }
    // A candle-fed bucket whose last candle may still come at this instant: look again 1 ms on.
    if (waiting) schedule.setTimer(1, () => schedule.inLoop(closeDue));
  };
  tick();
}
