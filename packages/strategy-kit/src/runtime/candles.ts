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
 * Builds OHLCV candles of one product from its trades, bucketed by trade time at a fixed
 * granularity. A candle closes when a trade of a later bucket arrives, or when
 * {@link CandleBuilder.closeDue} is called at or after the bucket's end (the runtime does this on
 * its clock, so a quiet market still closes candles). Buckets without trades produce no candle,
 * like Coinbase's own candles. A trade for a bucket already closed is dropped.
 */
export class CandleBuilder {
  readonly productId: ProductId;
  readonly granularityMs: number;
  #open: OpenCandle | undefined;
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
    if (this.#open !== undefined && start > this.#open.start) closed = this.#close();
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

  /** Closes the open candle if its bucket has ended by `now` (ms). */
  closeDue(now: number): Candle | undefined {
    if (this.#open === undefined || now < this.#open.start + this.granularityMs) return undefined;
    return this.#close();
  }

  /** When the open candle's bucket ends, if one is open. */
  get openUntil(): number | undefined {
    return this.#open === undefined ? undefined : this.#open.start + this.granularityMs;
  }

  #close(): Candle {
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
  const tick = () => {
    const now = clock.now();
    schedule.setTimer(granularityMs - (now % granularityMs), () => {
      schedule.inLoop(() => {
        for (const builder of schedule.builders()) {
          const candle = builder.closeDue(clock.now());
          if (candle !== undefined) schedule.closed(candle);
        }
      });
      tick();
    });
  };
  tick();
}
