import type { ManualClock } from '@tradeloop/clock';
import { ExactDecimal, type Runtime, type Trade } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import type { CandleSeries } from '../data/candle-series.js';
import {
  type CandleFillRules,
  type CandleOutcome,
  type CandlePrices,
  candleOutcome,
  candlePath,
  lowComesFirst,
} from '../fills/candle-fill-model.js';
import type { BacktestVenue, SimulatedOrder } from '../venue/backtest-venue.js';
import { RecentDecimals } from './recent-decimals.js';
import type { RunRecorder } from './recorder.js';
import { SeriesCandle } from './series-candle.js';

const ZERO = new ExactDecimal(0);

/** Everything one candle replay drives. */
export interface CandleReplayContext {
  readonly clock: ManualClock;
  readonly venue: BacktestVenue;
  readonly runtime: Runtime;
  readonly recorder: RunRecorder;
  readonly series: readonly CandleSeries[];
  readonly granularityMs: number;
  /**
   * The strategy reads trades (`onTrade`): each candle goes to the runtime as its four prints,
   * and the runtime builds the candles from them. Otherwise each candle goes as one `candle`
   * event at its close (one dispatch per candle, Decimals made only when read).
   */
  readonly prints: boolean;
  /** The fill rules of one product (slippage rounds to its tick). */
  readonly fillRules: (productId: string) => CandleFillRules;
  readonly onProgress?: (done: number, total: number, time: number) => void;
}

/** One product's candle at the current start (a slot per product, reused candle after candle). */
interface ActiveCandle {
  candle: SeriesCandle;
  /** The candle's prices and path, made only when an order or a print needs them. */
  prices: CandlePrices | undefined;
  path: readonly Decimal[] | undefined;
  readonly plans: Array<{ order: SimulatedOrder; outcome: CandleOutcome; arriving: boolean }>;
}

/**
 * Replays candles through the runtime. The fill model walks each candle as four prints — open,
 * the nearer extreme, the other extreme, close — at its start, ⅓ and ⅔ of the way, and 1 ms
 * before its close; before each print the exchange applies the fills the candle fill model
 * decided for that path point, to orders that had arrived by the candle's start. The clock
 * stops at each print only while orders are working (or the strategy reads prints).
 *
 * What the strategy sees: without `onTrade`, each candle as one `candle` venue event at its
 * close (start + granularity) — never earlier — which the runtime hands to `onCandle` (or folds
 * into the strategy's coarser candle). With `onTrade`, the prints themselves as trades (all but
 * the last of size 0; the close carries the volume; an extreme equal to the print before it is
 * left out), from which the runtime's own candle builder rebuilds the candles and closes them on
 * its clock at the same times.
 */
export async function replayCandles(context: CandleReplayContext): Promise<void> {
  const { clock, venue, runtime, recorder, series, granularityMs, fillRules, prints } = context;
  const offsets = [0, Math.floor(granularityMs / 3), Math.floor((2 * granularityMs) / 3), granularityMs - 1];
  const decimals = new RecentDecimals();
  const cursors = series.map(() => 0);
  const total = series.reduce((count, one) => count + one.length, 0);
  const progressStep = Math.max(1, Math.floor(total / 100));
  /** Per series, its last candle (its close is the product's mark). */
  const lastCandles: Array<SeriesCandle | undefined> = series.map(() => undefined);
  /** Per series, the time of the last print of its previous candle. */
  const lastPrints: Array<number | undefined> = series.map(() => undefined);
  const seriesIndex = new Map(series.map((one, index) => [one.productId, index]));
  const mark = (productId: string) => lastCandles[seriesIndex.get(productId) as number]?.close;
  const markText = (productId: string) => lastCandles[seriesIndex.get(productId) as number]?.text('close');
  let firstStart = Number.POSITIVE_INFINITY;
  for (const one of series) if (one.length > 0) firstStart = Math.min(firstStart, one.starts[0] as number);
  // The start: the account valued at the first opens.
  if (firstStart !== Number.POSITIVE_INFINITY)
    recorder.sample(firstStart, (productId) => {
      const one = series[seriesIndex.get(productId) as number];
      return one === undefined || one.length === 0 ? undefined : decimals.get(one.open[0] as string);
    });
  let done = 0;
  let tradeId = 0;
  let lastStart = Number.NaN;
  const single = series.length === 1 ? (series[0] as CandleSeries) : undefined;
  const active: ActiveCandle[] = [];
  const activeSeries: number[] = [];
  const slots: Array<ActiveCandle | undefined> = series.map(() => undefined);
  for (;;) {
    // The next start: the earliest among the products' next candles.
    let start = Number.POSITIVE_INFINITY;
    if (single !== undefined) {
      if ((cursors[0] as number) < single.length) start = single.starts[cursors[0] as number] as number;
    } else
      for (let index = 0; index < series.length; index += 1) {
        const one = series[index] as CandleSeries;
        const cursor = cursors[index] as number;
        if (cursor < one.length) start = Math.min(start, one.starts[cursor] as number);
      }
    if (start === Number.POSITIVE_INFINITY) break;
    active.length = 0;
    activeSeries.length = 0;
    for (let index = 0; index < series.length; index += 1) {
      const one = series[index] as CandleSeries;
      const cursor = cursors[index] as number;
      if (cursor >= one.length || one.starts[cursor] !== start) continue;
      const candle = new SeriesCandle(one, cursor, granularityMs, decimals);
      let slot = slots[index];
      if (slot === undefined) {
        slot = { candle, prices: undefined, path: undefined, plans: [] };
        slots[index] = slot;
      } else {
        slot.candle = candle;
        slot.prices = undefined;
        slot.path = undefined;
        slot.plans.length = 0;
      }
      active.push(slot);
      activeSeries.push(index);
      cursors[index] = cursor + 1;
    }
    if (prints || venue.workingCount > 0) {
      for (let point = 0; point < 4; point += 1) {
        const time = start + (offsets[point] as number);
        clock.advanceTo(time);
        // At the open the strategy must have handled the candle that just closed (its orders are
        // eligible now); inside the candle nothing it does can change this candle's fills.
        if (point === 0 && !runtime.isIdle) await runtime.idle();
        if (venue.workingCount > 0) venue.arriveDue(time);
        for (let slot = 0; slot < active.length; slot += 1) {
          const entry = active[slot] as ActiveCandle;
          const path = pathOf(entry);
          const productId = entry.candle.productId;
          if (point === 0 && venue.workingCount > 0)
            planCandle(venue, entry, lastPrints[activeSeries[slot] as number], fillRules(productId));
          applyPoint(venue, entry, point, time);
          const price = path[point] as Decimal;
          venue.setLastPrice(productId, price);
          if (!prints) continue;
          const previous = point === 0 ? lastCandles[activeSeries[slot] as number]?.close : path[point - 1];
          // An extreme equal to the print before it adds nothing (the close always prints: it carries the volume).
          if (
            (point === 1 || point === 2) &&
            previous !== undefined &&
            (price === previous || price.equals(previous))
          )
            continue;
          const trade: Trade = {
            productId,
            tradeId: String(++tradeId),
            price,
            size: point === 3 ? entry.candle.volume : ZERO,
            takerSide: previous !== undefined && price.lessThan(previous) ? 'sell' : 'buy',
            time,
          };
          venue.emit({ type: 'trade', trade });
        }
        // What arrived and was not filled or refused at this point now rests on the book.
        if (venue.workingCount > 0) venue.reportResting();
      }
      if (!runtime.isIdle) await runtime.idle();
    }
    for (let slot = 0; slot < active.length; slot += 1) {
      const index = activeSeries[slot] as number;
      const candle = (active[slot] as ActiveCandle).candle;
      lastCandles[index] = candle;
      lastPrints[index] = start + (offsets[3] as number);
      venue.setLastCandle(candle.productId, candle);
    }
    if (!prints) {
      // The candle reaches the strategy at its close, never earlier.
      clock.advanceTo(start + granularityMs);
      for (let slot = 0; slot < active.length; slot += 1)
        venue.emit({ type: 'candle', candle: (active[slot] as ActiveCandle).candle });
      if (!runtime.isIdle) await runtime.idle();
    }
    recorder.sample(start + granularityMs, mark, markText);
    done += active.length;
    lastStart = start;
    if (context.onProgress !== undefined && done % progressStep < active.length)
      context.onProgress(done, total, start + granularityMs);
  }
  if (!Number.isNaN(lastStart)) {
    // The last candle reaches the strategy at its close, like every other.
    clock.advanceTo(lastStart + granularityMs);
    await runtime.idle();
  }
}

/** The candle's prices and its four-point path (made once, when first needed). */
function pathOf(entry: ActiveCandle): readonly Decimal[] {
  if (entry.path !== undefined) return entry.path;
  const candle = entry.candle;
  const open = candle.open;
  const high = candle.high;
  const low = candle.low;
  const prices: CandlePrices = {
    open,
    high,
    low,
    close: candle.close,
    lowFirst: lowComesFirst(candle.text('open'), candle.text('high'), candle.text('low'), open, high, low),
  };
  entry.prices = prices;
  entry.path = candlePath(prices);
  return entry.path;
}

/** Decides, at the candle's open, what the candle does to every order already on the exchange. */
function planCandle(
  venue: BacktestVenue,
  candle: ActiveCandle,
  previousCandleEnd: number | undefined,
  rules: CandleFillRules,
) {
  const prices = candle.prices as CandlePrices;
  for (const order of venue.working(candle.candle.productId)) {
    // An order arrives at this open when it reached the exchange after the previous candle ended;
    // one that arrived during a candle has been resting since (it meets gaps at its own price).
    // A market order always fills at the first open it meets.
    const arriving =
      order.request.type === 'market' ||
      previousCandleEnd === undefined ||
      order.arrivesAt > previousCandleEnd;
    const request = order.request;
    const outcome = candleOutcome(
      {
        side: request.side,
        type: request.type,
        ...(request.price === undefined ? {} : { price: request.price }),
        ...(request.stopPrice === undefined ? {} : { stopPrice: request.stopPrice }),
        triggered: order.triggered,
      },
      prices,
      arriving,
      rules,
    );
    candle.plans.push({ order, outcome, arriving });
  }
}

/** Applies the planned fills and triggers of one path point. */
function applyPoint(venue: BacktestVenue, candle: ActiveCandle, point: number, time: number): void {
  if (candle.plans.length === 0) return;
  for (const { order, outcome, arriving } of candle.plans) {
    if (outcome.kind === 'triggered' && outcome.point === point) order.triggered = true;
    if (outcome.kind === 'fill' && outcome.point === point) {
      if (outcome.triggeredAt !== undefined) order.triggered = true;
      if (outcome.liquidity === 'taker' && order.request.postOnly === true) {
        // Refused on arrival, like Coinbase's post-only check (canceled if it had rested already).
        venue.finish(
          order,
          order.reportedOpen ? 'canceled' : 'rejected',
          'post only: the order would have taken liquidity',
        );
        continue;
      }
      venue.fill(order, outcome.price, venue.fillableSize(order, outcome.price), outcome.liquidity, time);
    }
    // Immediate-or-cancel and fill-or-kill orders live for their arrival only.
    const timeInForce = order.request.timeInForce;
    if (point === 0 && arriving && (timeInForce === 'IOC' || timeInForce === 'FOK'))
      venue.finish(order, 'canceled');
  }
}
