/**
 * The data the page's charts draw, computed here (exact decimals, then plain numbers for the
 * canvas): candles per product with one marker per candle and side for the fills in it (the hover
 * text lists each fill), the working orders as price lines, and the equity, buy-and-hold and
 * drawdown lines.
 */
import { Decimal } from 'decimal.js';
import { aggregateCandles, type ChartCandle, type ChartPoint, thinLine } from './downsample.js';
import { formatAmount, formatMoney, formatTime, quoteCurrencyOf } from './format.js';
import type { RunCandle, RunResult, RunTrade, ValuePoint, WorkingOrder } from './run-result.js';

/** One marker: the fills of one side inside one candle. */
export interface ChartMarker {
  time: number;
  side: 'buy' | 'sell';
  /** How many fills it stands for. */
  count: number;
}

/** A working order drawn as a horizontal line at its price. */
export interface ChartOrderLine {
  price: number;
  side: 'buy' | 'sell';
  title: string;
}

/** Everything one product's price chart needs. */
export interface ProductChartData {
  productId: string;
  candles: ChartCandle[];
  markers: ChartMarker[];
  /** Hover lines per candle time (seconds): one per fill in that candle. */
  fillNotes: Record<string, string[]>;
  fillCount: number;
  orderLines: ChartOrderLine[];
}

/** Everything the page's script draws. */
export interface ChartData {
  products: ProductChartData[];
  equity: ChartPoint[];
  buyAndHold: ChartPoint[];
  /** Drawdown from the running peak of equity, in percent (0 or negative). */
  drawdown: ChartPoint[];
  currency: string | undefined;
}

/** Hover lines kept per candle and side; more are summed up in one line. */
const MAX_NOTES_PER_CANDLE = 12;

/** Builds the chart data of a run result, thinned to the report's limits. */
export function buildChartData(result: RunResult, currency: string | undefined): ChartData {
  const productIds = [...new Set([...result.config.products, ...Object.keys(result.prices)])];
  const products = productIds
    .map((productId) =>
      productChart(
        productId,
        result.prices[productId] ?? [],
        result.trades.filter((trade) => trade.productId === productId),
        (result.orders ?? []).filter((order) => order.productId === productId),
      ),
    )
    .filter((product) => product.candles.length > 0);
  const equity = toLine(result.equity);
  return {
    products,
    equity: thinLine(equity),
    buyAndHold: thinLine(toLine(result.buyAndHold)),
    drawdown: thinLine(drawdownOf(result.equity)),
    currency,
  };
}

function productChart(
  productId: string,
  candles: readonly RunCandle[],
  trades: readonly RunTrade[],
  orders: readonly WorkingOrder[],
): ProductChartData {
  const chartCandles = aggregateCandles(
    uniqueBySecond(
      candles.map((candle) => ({
        time: seconds(candle.time),
        open: Number(candle.open),
        high: Number(candle.high),
        low: Number(candle.low),
        close: Number(candle.close),
      })),
    ),
  );
  const quote = quoteCurrencyOf(productId);
  const markers = new Map<string, ChartMarker>();
  const fillNotes: Record<string, string[]> = {};
  if (chartCandles.length > 0) {
    for (const trade of trades) {
      const time = candleTimeOf(chartCandles, seconds(trade.time));
      const key = `${time}/${trade.side}`;
      const marker = markers.get(key) ?? { time, side: trade.side, count: 0 };
      marker.count += 1;
      markers.set(key, marker);
      const notes = fillNotes[String(time)] ?? [];
      fillNotes[String(time)] = notes;
      if (notes.length < MAX_NOTES_PER_CANDLE) notes.push(fillNote(trade, quote));
      else if (notes.length === MAX_NOTES_PER_CANDLE)
        notes.push('… more fills in this candle (see the trades table)');
    }
  }
  return {
    productId,
    candles: chartCandles,
    markers: [...markers.values()].sort(
      (left, right) => left.time - right.time || left.side.localeCompare(right.side),
    ),
    fillNotes,
    fillCount: trades.length,
    orderLines: orders
      .filter((order) => order.price !== undefined)
      .map((order) => ({
        // Display only: the chart library draws price lines from JS numbers.
        price: Number(order.price),
        side: order.side,
        title: `${order.side.toUpperCase()} ${formatAmount(order.size)} ${order.type} (${order.status})`,
      })),
  };
}

function fillNote(trade: RunTrade, quote: string | undefined): string {
  const pnl = trade.pnl === undefined ? '' : `, PnL ${formatMoney(trade.pnl, quote)}`;
  return `${trade.side.toUpperCase()} ${formatAmount(trade.size)} @ ${formatAmount(trade.price)} · fee ${formatMoney(
    trade.fee,
    quote,
  )}${pnl} · ${formatTime(trade.time)}`;
}

/** The time of the last candle that starts at or before `time` (the first candle for earlier fills). */
function candleTimeOf(candles: readonly ChartCandle[], time: number): number {
  let low = 0;
  let high = candles.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((candles[middle] as ChartCandle).time <= time) low = middle;
    else high = middle - 1;
  }
  return (candles[low] as ChartCandle).time;
}

function toLine(points: readonly ValuePoint[]): ChartPoint[] {
  return uniqueBySecond(points.map((point) => ({ time: seconds(point.time), value: Number(point.value) })));
}

function drawdownOf(points: readonly ValuePoint[]): ChartPoint[] {
  let peak: Decimal | undefined;
  const drawdown: ChartPoint[] = [];
  for (const point of points) {
    const value = new Decimal(point.value);
    if (peak === undefined || value.greaterThan(peak)) peak = value;
    const percent = peak.isZero() ? new Decimal(0) : value.dividedBy(peak).minus(1).times(100);
    drawdown.push({ time: seconds(point.time), value: percent.toDecimalPlaces(4).toNumber() });
  }
  return uniqueBySecond(drawdown);
}

/** The chart needs strictly increasing times in whole seconds: of several points in one second, the last wins. */
function uniqueBySecond<T extends { time: number }>(points: readonly T[]): T[] {
  const unique: T[] = [];
  for (const point of points) {
    const last = unique[unique.length - 1];
    if (last !== undefined && last.time === point.time) unique[unique.length - 1] = point;
    else if (last === undefined || point.time > last.time) unique.push(point);
  }
  return unique;
}

function seconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}
