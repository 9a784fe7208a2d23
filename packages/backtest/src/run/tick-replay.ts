import type { ManualClock } from '@tradeloop/clock';
import { ExactDecimal, type ProductId, type Runtime, type Trade } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import {
  type CandleSeries,
  CandleSeriesBuilder,
  compareUnsignedDecimals,
  sumDecimalStrings,
} from '../data/candle-series.js';
import type { Recording } from '../data/recording.js';
import { RecordedBook } from '../fills/recorded-book.js';
import { slippedPrice } from '../fills/slippage.js';
import { TickFillModel } from '../fills/tick-fill-model.js';
import type { BacktestVenue, SimulatedOrder } from '../venue/backtest-venue.js';
import { RecentDecimals } from './recent-decimals.js';
import type { RunRecorder } from './recorder.js';

const ZERO = new ExactDecimal(0);
const MINUTE_MS = 60_000;

/** Everything one tick replay drives. */
export interface TickReplayContext {
  readonly clock: ManualClock;
  readonly venue: BacktestVenue;
  readonly runtime: Runtime;
  readonly recorder: RunRecorder;
  readonly recording: Recording;
  readonly products: readonly string[];
  readonly slippageBps: Decimal;
  readonly from: number;
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
  const wanted = new Set(context.products);
  const books = new Map<string, RecordedBook>();
  const byId = new Map<string, SimulatedOrder>();
  const model = new TickFillModel(
    {
      fillableSize: (id, price) => {
        const order = byId.get(id);
        return order === undefined || (order.status !== 'open' && order.status !== 'pending')
          ? ZERO
          : venue.fillableSize(order, price);
      },
      fill: (id, price, size, liquidity) => {
        const order = byId.get(id);
        if (order !== undefined) venue.fill(order, price, size, liquidity, clock.now());
      },
    },
    {
      book: (productId) => books.get(productId),
      slip: (price, side, productId) =>
        slippedPrice(price, side, context.slippageBps, venue.rules(productId).quoteIncrement),
    },
  );
  venue.onOrderDone = (order) => {
    model.removeOrder(order.request.clientOrderId);
    byId.delete(order.request.clientOrderId);
  };
  const candles = new Map<string, ChartCandles>();
  for (const id of context.products) candles.set(id, new ChartCandles(id));
  const lastPrices = new Map<string, Decimal>();
  const mark = (productId: string) => lastPrices.get(productId);
  const messages = context.recording.messages;
  const total = messages.length;
  const progressStep = Math.max(1, Math.floor(total / 100));
  const decimals = new RecentDecimals();
  let nextSample: number | undefined;
  for (let index = 0; index < total; index += 1) {
    const message = messages[index] as (typeof messages)[number];
    if (message.time < context.from) continue;
    if (message.time >= context.to) break;
    if (!wanted.has(message.productId)) continue;
    if (nextSample === undefined) {
      recorder.sample(message.time, mark);
      nextSample = message.time - (message.time % MINUTE_MS) + MINUTE_MS;
    }
    while (message.time >= nextSample) {
      clock.advanceTo(nextSample);
      await runtime.idle();
      recorder.sample(nextSample, mark);
      nextSample += MINUTE_MS;
    }
    // Timers due by now run as the clock passes them; the loop is awaited once per message.
    clock.advanceTo(message.time);
    for (const order of venue.arriveDue(message.time)) {
      const request = order.request;
      if (request.postOnly === true && request.price !== undefined) {
        const opposite =
          request.side === 'buy'
            ? books.get(request.productId)?.bestAsk()
            : books.get(request.productId)?.bestBid();
        const crosses =
          opposite !== undefined &&
          (request.side === 'buy'
            ? request.price.greaterThanOrEqualTo(opposite.price)
            : request.price.lessThanOrEqualTo(opposite.price));
        if (crosses) {
          venue.finish(order, 'rejected', 'post only: the order would have taken liquidity');
          continue;
        }
      }
      byId.set(request.clientOrderId, order);
      model.addOrder({
        id: request.clientOrderId,
        productId: request.productId,
        side: request.side,
        type: request.type,
        ...(request.price === undefined ? {} : { price: request.price }),
        ...(request.stopPrice === undefined ? {} : { stopPrice: request.stopPrice }),
      });
    }
    if (venue.workingCount > 0) venue.reportResting();
    const productId = message.productId as ProductId;
    if (message.type === 'trade') {
      const price = decimals.get(message.price);
      const size = decimals.get(message.size);
      model.onTrade({ productId, price, size, takerSide: message.takerSide });
      lastPrices.set(productId, price);
      venue.setLastPrice(productId, price);
      const trade: Trade = {
        productId,
        tradeId: String(message.tradeId),
        price,
        size,
        takerSide: message.takerSide,
        time: message.time,
      };
      candles.get(productId)?.add(message.time, message.price, message.size);
      venue.emit({ type: 'trade', trade });
    } else {
      let book = books.get(productId);
      if (book === undefined) {
        book = new RecordedBook(productId);
        books.set(productId, book);
      }
      if (message.type === 'book-snapshot') book.reset(message.bids, message.asks, message.time);
      else {
        for (const [side, price, size] of message.changes) book.set(side, price, size);
        book.time = message.time;
      }
      venue.emit({ type: 'book', book });
    }
    await runtime.idle();
    if (context.onProgress !== undefined && (index + 1) % progressStep === 0)
      context.onProgress(index + 1, total, message.time);
  }
  const end = clock.now();
  if (nextSample !== undefined && end > nextSample - MINUTE_MS) recorder.sample(end, mark);
  const series: CandleSeries[] = [];
  for (const [, entry] of candles) {
    series.push(entry.build());
  }
  return series;
}

/** One-minute candles of one product for the result's chart, built from the trades' own strings. */
class ChartCandles {
  readonly #series: CandleSeriesBuilder;
  #start = Number.NaN;
  #open = '';
  #high = '';
  #low = '';
  #close = '';
  #sizes: string[] = [];

  constructor(productId: string) {
    this.#series = new CandleSeriesBuilder(productId, productId);
  }

  add(time: number, price: string, size: string): void {
    const start = time - (time % MINUTE_MS);
    if (start !== this.#start) {
      this.#flush();
      this.#start = start;
      this.#open = price;
      this.#high = price;
      this.#low = price;
      this.#sizes = [];
    } else {
      if (compareUnsignedDecimals(price, this.#high) > 0) this.#high = price;
      if (compareUnsignedDecimals(price, this.#low) < 0) this.#low = price;
    }
    this.#close = price;
    this.#sizes.push(size);
  }

  build(): CandleSeries {
    this.#flush();
    return this.#series.build();
  }

  #flush(): void {
    if (Number.isNaN(this.#start)) return;
    const volume = sumDecimalStrings(this.#sizes, 0, this.#sizes.length);
    this.#series.add(0, this.#start, this.#open, this.#high, this.#low, this.#close, volume);
    this.#start = Number.NaN;
  }
}
