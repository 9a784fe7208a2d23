import type { ManualClock } from '@tradeloop/clock';
import { ExactDecimal, type ProductId, type Runtime, type Trade } from '@tradeloop/strategy-kit';
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

const ZERO = new ExactDecimal(0);

/** Everything one candle replay drives. */
export interface CandleReplayContext {
  readonly clock: ManualClock;
  readonly venue: BacktestVenue;
  readonly runtime: Runtime;
  readonly recorder: RunRecorder;
  readonly series: readonly CandleSeries[];
  readonly granularityMs: number;
  /** The fill rules of one product (slippage rounds to its tick). */
  readonly fillRules: (productId: string) => CandleFillRules;
  readonly onProgress?: (done: number, total: number, time: number) => void;
}

interface ActiveCandle {
  readonly productId: ProductId;
  readonly prices: CandlePrices;
  readonly path: readonly Decimal[];
  readonly volume: Decimal;
  plans: Array<{ order: SimulatedOrder; outcome: CandleOutcome; arriving: boolean }>;
}

/**
 * Replays candles through the runtime. Each candle becomes four prints — open, the nearer
 * extreme, the other extreme, close — at its start, ⅓ and ⅔ of the way, and 1 ms before its
 * close, all but the last of size 0 (the close carries the volume; an extreme equal to the print
 * before it is left out), so the runtime's own candle
 * builder rebuilds the candle (or a coarser one) and hands it to `onCandle` when its timer passes
 * the close: never earlier. Before each print the exchange applies the fills the candle fill model
 * decided for that path point, to orders that had arrived by the candle's start.
 */
export async function replayCandles(context: CandleReplayContext): Promise<void> {
  const { clock, venue, runtime, recorder, series, granularityMs, fillRules } = context;
  const offsets = [0, Math.floor(granularityMs / 3), Math.floor((2 * granularityMs) / 3), granularityMs - 1];
  const decimals = new RecentDecimals();
  const cursors = series.map(() => 0);
  const total = series.reduce((count, one) => count + one.length, 0);
  const progressStep = Math.max(1, Math.floor(total / 100));
  const lastCloses = new Map<string, Decimal>();
  /** Per product, the time of the last print of its previous candle. */
  const lastPrints = new Map<string, number>();
  const mark = (productId: string) => lastCloses.get(productId);
  const opens = new Map<string, Decimal>();
  let firstStart = Number.POSITIVE_INFINITY;
  for (const one of series)
    if (one.length > 0) {
      opens.set(one.productId, decimals.get(one.open[0] as string));
      firstStart = Math.min(firstStart, one.starts[0] as number);
    }
  // The start: the account valued at the first opens.
  if (firstStart !== Number.POSITIVE_INFINITY)
    recorder.sample(firstStart, (productId) => opens.get(productId));
  let done = 0;
  let tradeId = 0;
  let lastStart = Number.NaN;
  for (;;) {
    let start = Number.POSITIVE_INFINITY;
    for (let index = 0; index < series.length; index += 1) {
      const one = series[index] as CandleSeries;
      const cursor = cursors[index] as number;
      if (cursor < one.length) start = Math.min(start, one.starts[cursor] as number);
    }
    if (start === Number.POSITIVE_INFINITY) break;
    const active: ActiveCandle[] = [];
    for (let index = 0; index < series.length; index += 1) {
      const one = series[index] as CandleSeries;
      const cursor = cursors[index] as number;
      if (cursor >= one.length || one.starts[cursor] !== start) continue;
      const open = decimals.get(one.open[cursor] as string);
      const high = decimals.get(one.high[cursor] as string);
      const low = decimals.get(one.low[cursor] as string);
      const prices: CandlePrices = {
        open,
        high,
        low,
        close: decimals.get(one.close[cursor] as string),
        lowFirst: lowComesFirst(
          one.open[cursor] as string,
          one.high[cursor] as string,
          one.low[cursor] as string,
          open,
          high,
          low,
        ),
      };
      active.push({
        productId: one.productId as ProductId,
        prices,
        path: candlePath(prices),
        volume: decimals.get(one.volume[cursor] as string),
        plans: [],
      });
      cursors[index] = cursor + 1;
    }
    for (let point = 0; point < 4; point += 1) {
      const time = start + (offsets[point] as number);
      clock.advanceTo(time);
      // At the open the strategy must have handled the candle that just closed (its orders are
      // eligible now); inside the candle nothing it does can change this candle's fills.
      if (point === 0) await runtime.idle();
      if (venue.workingCount > 0) venue.arriveDue(time);
      for (const candle of active) {
        if (point === 0 && venue.workingCount > 0)
          planCandle(venue, candle, lastPrints.get(candle.productId), fillRules(candle.productId));
        applyPoint(venue, candle, point, time);
        const price = candle.path[point] as Decimal;
        const previous = point === 0 ? lastCloses.get(candle.productId) : candle.path[point - 1];
        // An extreme equal to the print before it adds nothing (the close always prints: it carries the volume).
        if (
          (point === 1 || point === 2) &&
          previous !== undefined &&
          (price === previous || price.equals(previous))
        )
          continue;
        venue.setLastPrice(candle.productId, price);
        const trade: Trade = {
          productId: candle.productId,
          tradeId: String(++tradeId),
          price,
          size: point === 3 ? candle.volume : ZERO,
          takerSide: previous !== undefined && price.lessThan(previous) ? 'sell' : 'buy',
          time,
        };
        venue.emit({ type: 'trade', trade });
      }
      // What arrived and was not filled or refused at this point now rests on the book.
      if (venue.workingCount > 0) venue.reportResting();
    }
    await runtime.idle();
    for (const candle of active) {
      lastCloses.set(candle.productId, candle.prices.close);
      lastPrints.set(candle.productId, start + (offsets[3] as number));
    }
    recorder.sample(start + granularityMs, mark);
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

/** Decides, at the candle's open, what the candle does to every order already on the exchange. */
function planCandle(
  venue: BacktestVenue,
  candle: ActiveCandle,
  previousCandleEnd: number | undefined,
  rules: CandleFillRules,
) {
  for (const order of venue.working(candle.productId)) {
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
      candle.prices,
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
