import type { ManualClock } from '@tradeloop/clock';
import type { Runtime } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import { type CandleSeries, CandleSeriesBuilder } from '../data/candle-series.js';
import { DecimalStringSum } from '../data/decimal-string-sum.js';
import { compareDecimalUnits, decimalPlaces, decimalUnits } from '../data/decimal-units.js';
import type { RecordingMessage } from '../data/recording.js';
import type { TradeLineNumbers } from '../data/trade-line.js';
import type { BacktestVenue } from '../venue/backtest-venue.js';
import type { OpenedRecording } from './backtest-setup.js';
import type { RunRecorder } from './recorder.js';
import { TickExchange } from './tick-exchange.js';

const MINUTE_MS = 60_000;

/** Everything one tick replay drives. */
export interface TickReplayContext {
  readonly clock: ManualClock;
  readonly venue: BacktestVenue;
  readonly runtime: Runtime;
  readonly recorder: RunRecorder;
  /** The recording, read up to the run's first message (the replay closes it). */
  readonly opened: OpenedRecording;
  readonly products: readonly string[];
  readonly slippageBps: Decimal;
  readonly to: number;
  readonly onProgress?: (done: number, total: number, time: number) => void;
}

/**
 * Replays a recording through the runtime: for each message in order, the clock moves to its
 * time, orders whose latency has passed reach the {@link TickFillModel}, the model matches the
 * exchange's orders against the message (trades fill; books are read), and then the message goes
 * to the runtime (`onTrade`, `onBook`, candles built from the trades). Equity is sampled at every
 * minute boundary.
 *
 * @returns one-minute candles built from the recorded trades (for the result's price chart).
 */
export async function replayRecording(context: TickReplayContext): Promise<CandleSeries[]> {
  const { clock, venue, runtime, recorder } = context;
  const mark = (productId: string) => exchange.lastPrice(productId);
  const exchange: TickExchange = new TickExchange({
    clock,
    venue,
    slippageBps: context.slippageBps,
    settle: () => runtime.idle(),
    isSettled: () => runtime.isIdle,
    onMinute: (time) => recorder.sample(time, mark),
  });
  // One chart per product replayed: a message of another product is skipped.
  const candles = new Map<string, ChartCandles>();
  for (const id of context.products) candles.set(id, new ChartCandles(id));
  const { cursor } = context.opened;
  /** The run's first message (already read), until the replay takes it. */
  let first: RecordingMessage | undefined = context.opened.first;
  const total = cursor.total;
  const progressStep = Math.max(1, Math.floor(total / 100));
  let nextProgress = progressStep;
  const reportProgress = (time: number) => {
    if (context.onProgress !== undefined && cursor.done >= nextProgress) {
      context.onProgress(cursor.done, total, time);
      nextProgress = cursor.done + progressStep;
    }
  };
  // The chart of the last message's product (`undefined` for a product not replayed).
  let chart: ChartCandles | undefined;
  let chartProduct: string | undefined;
  /** The time of the message whose step returned the promise being waited for. */
  let settlingTime = 0;
  /**
   * Replays messages until one's step needs the runtime to settle (its promise is returned) or
   * the data ends (`undefined`). A function of its own, called again after each wait, so that the
   * loop runs in its optimized code at once: an async function resumes after an `await` where it
   * left off, in the interpreter.
   */
  const replayUntilSettling = (): Promise<void> | undefined => {
    let message = first ?? cursor.next();
    first = undefined;
    for (; message !== undefined; message = cursor.next()) {
      if (message.time >= context.to) return undefined;
      if (message.productId !== chartProduct) {
        chartProduct = message.productId;
        chart = candles.get(chartProduct);
      }
      if (chart === undefined) continue;
      if (message.type === 'trade') chart.add(message.time, message.price, message.size, cursor.tradeNumbers);
      const settling = exchange.apply(message);
      if (settling !== undefined) {
        settlingTime = message.time;
        return settling;
      }
      reportProgress(message.time);
    }
    return undefined;
  };
  try {
    for (let settling = replayUntilSettling(); settling !== undefined; settling = replayUntilSettling()) {
      await settling;
      reportProgress(settlingTime);
    }
  } finally {
    cursor.close();
  }
  const end = clock.now();
  const nextSample = exchange.nextMinute;
  if (nextSample !== undefined && end > nextSample - MINUTE_MS) recorder.sample(end, mark);
  const series: CandleSeries[] = [];
  for (const [, entry] of candles) {
    series.push(entry.build());
  }
  return series;
}

/**
 * One-minute candles of one product for the result's chart, built from the trades' own strings.
 * The high and low keep their counts of units beside their texts (see `compareDecimalUnits`), so
 * each trade's price is read once and compared as numbers, exactly.
 */
class ChartCandles {
  readonly #series: CandleSeriesBuilder;
  #start = Number.NaN;
  #open = '';
  #high = '';
  #highUnits = 0;
  #highPlaces = 0;
  #low = '';
  #lowUnits = 0;
  #lowPlaces = 0;
  #close = '';
  #volume = new DecimalStringSum();

  constructor(productId: string) {
    this.#series = new CandleSeriesBuilder(productId, productId);
  }

  /** Adds a trade; `numbers` are its price and size as counts of units when the reader has them. */
  add(time: number, price: string, size: string, numbers: TradeLineNumbers | undefined): void {
    const units = numbers === undefined ? decimalUnits(price) : numbers.priceUnits;
    const places = numbers === undefined ? decimalPlaces(price) : numbers.pricePlaces;
    // Most trades fall in the current candle's minute: no remainder to take (a double's costs a call).
    if (!(time >= this.#start && time < this.#start + MINUTE_MS)) {
      const start = time - (time % MINUTE_MS);
      if (start !== this.#start) {
        this.#flush();
        this.#start = start;
        this.#open = price;
        this.#setHigh(price, units, places);
        this.#setLow(price, units, places);
        this.#close = price;
        this.#volume = new DecimalStringSum();
        this.#addVolume(size, numbers);
        return;
      }
    }
    if (compareDecimalUnits(price, units, places, this.#high, this.#highUnits, this.#highPlaces) > 0)
      this.#setHigh(price, units, places);
    else if (compareDecimalUnits(price, units, places, this.#low, this.#lowUnits, this.#lowPlaces) < 0)
      this.#setLow(price, units, places);
    this.#close = price;
    this.#addVolume(size, numbers);
  }

  #addVolume(size: string, numbers: TradeLineNumbers | undefined): void {
    if (numbers === undefined) this.#volume.add(size);
    else this.#volume.addUnits(size, numbers.sizeUnits, numbers.sizePlaces);
  }

  build(): CandleSeries {
    this.#flush();
    return this.#series.build();
  }

  #setHigh(price: string, units: number, places: number): void {
    this.#high = price;
    this.#highUnits = units;
    this.#highPlaces = places;
  }

  #setLow(price: string, units: number, places: number): void {
    this.#low = price;
    this.#lowUnits = units;
    this.#lowPlaces = places;
  }

  #flush(): void {
    if (Number.isNaN(this.#start)) return;
    this.#series.add(0, this.#start, this.#open, this.#high, this.#low, this.#close, this.#volume.toString());
    this.#start = Number.NaN;
  }
}
