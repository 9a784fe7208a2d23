/**
 * The run result of a bot run (`--report`), in the format `@tradeloop/report` renders. The bot
 * keeps no candles of its own, so `LiveRunRecorder` samples what its events already carry: the
 * price and PnL of every status line and the fills (the summary says when each was heard). At exit the
 * samples become candles, an equity curve (the account's final value in the quote currency minus
 * the PnL still to come at each sample) and a buy-and-hold line; the rest comes from the run
 * summary. Metrics a live run cannot know (Sharpe and the like) are null.
 */
import type {
  LiveRunSummary,
  RunMetrics,
  RunResult,
  RunTrade,
  ValuePoint,
  WorkingOrder,
} from '@tradeloop/report';
import { Decimal } from 'decimal.js';
import type { BotEvent, BotEventSink, OrderDescription } from '../bot-events.js';
import type { RunSummary } from './summary.js';

/** A price as the event carried it: a decimal string, made a `Decimal` only when the report is built (a `Decimal` costs ~90 bytes more per sample). */
interface PriceSample {
  at: number;
  price: string;
}

/** Candle lengths to choose from: the longest that still gives {@link MIN_CANDLES} candles. */
const CANDLE_LENGTHS_MS = [5_000, 15_000, 60_000, 300_000, 900_000, 3_600_000, 14_400_000, 86_400_000];
const MIN_CANDLES = 60;
/**
 * Samples kept per product and of PnL (a status line and each fill add one). Past this, every
 * other sample is dropped, so memory stays bounded and the samples still span the whole run
 * (at a coarser step) instead of stopping at the bound.
 */
export const MAX_SAMPLES = 50_000;

/** What the run result needs besides the events and the summary. */
export interface LiveRunContext {
  /**
   * `live` for real money (Coinbase production), `paper` for `--paper`, `simulated` for orders sent
   * to a simulated exchange (the embedded simulator, the sandbox, another test server).
   */
  kind: 'live' | 'paper' | 'simulated';
  parameters: Record<string, string>;
}

/** Samples prices, PnL, fills and working orders from the bot's events for the run result. */
export class LiveRunRecorder implements BotEventSink {
  readonly #now: () => number;
  readonly #prices = new Map<string, PriceSample[]>();
  /** Net PnL (realized − fees + unrealized) per quote currency at each status line. */
  readonly #pnl: Array<{ at: number; byQuote: Map<string, Decimal> }> = [];
  readonly #working = new Map<string, OrderDescription & { placedAt: number }>();
  #workingAtStop: Array<OrderDescription & { placedAt: number }> | undefined;

  constructor(options: { now: () => number }) {
    this.#now = options.now;
  }

  record(event: BotEvent): void {
    const at = this.#now();
    switch (event.type) {
      case 'status-reported': {
        const byQuote = new Map<string, Decimal>();
        for (const product of event.products) {
          if (product.price !== undefined) this.#samplePrice(product.productId, at, product.price);
          const net = new Decimal(product.realizedPnl).minus(product.fees).plus(product.unrealizedPnl);
          byQuote.set(
            product.quoteCurrency,
            (byQuote.get(product.quoteCurrency) ?? new Decimal(0)).plus(net),
          );
        }
        keepSample(this.#pnl, { at, byQuote });
        break;
      }
      case 'order-filled': {
        this.#samplePrice(event.fill.productId, at, event.fill.price);
        break;
      }
      case 'order-placed':
        this.#working.set(event.order.clientOrderId, { ...event.order, placedAt: at });
        break;
      case 'order-completed':
      case 'order-canceled':
      case 'order-rejected':
        this.#working.delete(event.clientOrderId);
        break;
      case 'shutdown-started':
        this.#workingAtStop = [...this.#working.values()];
        break;
      default:
        break;
    }
  }

  /** The run result, given the summary written at exit. */
  toRunResult(summary: RunSummary, context: LiveRunContext): RunResult {
    const quote = mainQuoteCurrency(summary);
    const lastPrices = new Map(
      [...this.#prices].map(([productId, samples]) => [
        productId,
        new Decimal((samples[samples.length - 1] as PriceSample).price),
      ]),
    );
    const finalValue = quote === undefined ? undefined : accountValue(summary, quote, lastPrices);
    const finalPnl = quote === undefined ? new Decimal(0) : new Decimal(summary.pnl[quote]?.total ?? 0);
    const startValue = finalValue?.minus(finalPnl);
    const equity: ValuePoint[] =
      startValue === undefined || quote === undefined
        ? []
        : this.#pnl.map((sample) => ({
            time: iso(sample.at),
            value: startValue.plus(sample.byQuote.get(quote) ?? 0).toFixed(2),
          }));
    if (startValue !== undefined && equity.length > 0)
      equity.push({ time: summary.endedAt, value: (finalValue as Decimal).toFixed(2) });
    const buyAndHold = startValue === undefined ? [] : this.#buyAndHold(summary.products, startValue, equity);
    const trades = this.#trades(summary);
    const overall = metricsOf(equity, buyAndHold, trades);
    const kept = new Set(summary.orders.openAtExit.map((order) => order.clientOrderId));
    const orders: WorkingOrder[] = (this.#workingAtStop ?? []).map((order) => ({
      time: iso(order.placedAt),
      productId: order.productId,
      side: order.side,
      type: order.orderType,
      ...(order.price === undefined ? {} : { price: order.price }),
      size: order.size ?? '0',
      status: kept.has(order.clientOrderId) ? 'open at exit' : 'canceled at stop',
      clientOrderId: order.clientOrderId,
    }));
    return {
      format: 'tradeloop.run-result',
      version: 1,
      kind: context.kind,
      config: {
        strategy: summary.strategy,
        parameters: context.parameters,
        venue: summary.venue,
        products: summary.products,
        from: summary.startedAt,
        to: summary.endedAt,
      },
      trades,
      equity,
      buyAndHold,
      prices: Object.fromEntries(
        summary.products.map((productId) => [productId, this.#candles(productId, trades, summary)]),
      ),
      orders,
      metrics: {
        overall,
        perProduct: Object.fromEntries(
          summary.products.map((productId) => [
            productId,
            metricsOf(
              [],
              [],
              trades.filter((trade) => trade.productId === productId),
            ),
          ]),
        ),
      },
      summary: liveSummary(summary),
    };
  }

  #samplePrice(productId: string, at: number, price: string): void {
    const samples = this.#prices.get(productId) ?? [];
    keepSample(samples, { at, price });
    this.#prices.set(productId, samples);
  }

  #trades(summary: RunSummary): RunTrade[] {
    const endedAt = Date.parse(summary.endedAt);
    return summary.fills
      .map((fill) => ({
        time: fill.heardAt ?? iso(endedAt),
        productId: fill.productId,
        side: fill.side,
        price: fill.price,
        size: fill.size,
        fee: fill.fee,
        // Unknown liquidity is shown as taker, the costlier assumption.
        liquidity: fill.liquidity ?? 'taker',
        clientOrderId: fill.clientOrderId ?? fill.orderId,
      }))
      .sort((left, right) => left.time.localeCompare(right.time));
  }

  #candles(productId: string, trades: readonly RunTrade[], summary: RunSummary) {
    const samples = this.#prices.get(productId) ?? [];
    if (samples.length === 0) return [];
    const span = Math.max(1, Date.parse(summary.endedAt) - (samples[0] as PriceSample).at);
    const length =
      [...CANDLE_LENGTHS_MS].reverse().find((candidate) => span / candidate >= MIN_CANDLES) ?? 5_000;
    const volumes = new Map<number, Decimal>();
    for (const trade of trades) {
      if (trade.productId !== productId) continue;
      const bucket = Math.floor(Date.parse(trade.time) / length) * length;
      volumes.set(bucket, (volumes.get(bucket) ?? new Decimal(0)).plus(trade.size));
    }
    const candles: Array<{
      time: string;
      open: string;
      high: string;
      low: string;
      close: string;
      volume: string;
    }> = [];
    let current: { bucket: number; open: Decimal; high: Decimal; low: Decimal; close: Decimal } | undefined;
    const flush = () => {
      if (current === undefined) return;
      candles.push({
        time: iso(current.bucket),
        open: current.open.toFixed(),
        high: current.high.toFixed(),
        low: current.low.toFixed(),
        close: current.close.toFixed(),
        volume: (volumes.get(current.bucket) ?? new Decimal(0)).toFixed(),
      });
    };
    for (const sample of [...samples].sort((left, right) => left.at - right.at)) {
      const bucket = Math.floor(sample.at / length) * length;
      const price = new Decimal(sample.price);
      if (current === undefined || current.bucket !== bucket) {
        flush();
        current = { bucket, open: price, high: price, low: price, close: price };
      } else {
        current.high = Decimal.max(current.high, price);
        current.low = Decimal.min(current.low, price);
        current.close = price;
      }
    }
    flush();
    return candles;
  }

  /** The start value spread evenly over the products at their first sampled price, marked at each equity time. */
  #buyAndHold(products: readonly string[], startValue: Decimal, equity: readonly ValuePoint[]): ValuePoint[] {
    const priced = products.filter((productId) => (this.#prices.get(productId) ?? []).length > 0);
    if (priced.length === 0) return [];
    const share = startValue.dividedBy(priced.length);
    return equity.map((point) => {
      const at = Date.parse(point.time);
      const value = priced.reduce((sum, productId) => {
        const samples = this.#prices.get(productId) as PriceSample[];
        const first = new Decimal((samples[0] as PriceSample).price);
        return sum.plus(share.dividedBy(first).times(priceAt(samples, at)));
      }, new Decimal(0));
      return { time: point.time, value: value.toFixed(2) };
    });
  }
}

/** Appends a sample; at the bound, thins the list to every other sample first. */
export function keepSample<T>(samples: T[], sample: T): void {
  if (samples.length >= MAX_SAMPLES) {
    let kept = 0;
    for (let index = 0; index < samples.length; index += 2) samples[kept++] = samples[index] as T;
    samples.length = kept;
  }
  samples.push(sample);
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

function priceAt(samples: readonly PriceSample[], at: number): Decimal {
  let price = (samples[0] as PriceSample).price;
  for (const sample of samples) {
    if (sample.at > at) break;
    price = sample.price;
  }
  return new Decimal(price);
}

/** The quote currency of the products when they share one. */
function mainQuoteCurrency(summary: RunSummary): string | undefined {
  const quotes = new Set(Object.values(summary.positions).map((position) => position.quoteCurrency));
  return quotes.size === 1 ? [...quotes][0] : undefined;
}

/** The account's value in `quote`: the quote balance plus each traded base currency at its last price. */
function accountValue(
  summary: RunSummary,
  quote: string,
  lastPrices: ReadonlyMap<string, Decimal>,
): Decimal | undefined {
  const quoteBalance = summary.balances[quote];
  if (quoteBalance === undefined) return undefined;
  let value = new Decimal(quoteBalance.balance);
  for (const [productId, position] of Object.entries(summary.positions)) {
    const balance = summary.balances[position.baseCurrency];
    const price = lastPrices.get(productId);
    if (balance !== undefined && price !== undefined)
      value = value.plus(new Decimal(balance.balance).times(price));
  }
  return value;
}

function metricsOf(
  equity: readonly ValuePoint[],
  buyAndHold: readonly ValuePoint[],
  trades: readonly RunTrade[],
): RunMetrics {
  const first = equity[0];
  const last = equity[equity.length - 1];
  let peak: Decimal | undefined;
  let worst = new Decimal(0);
  let worstFraction = new Decimal(0);
  for (const point of equity) {
    const value = new Decimal(point.value);
    if (peak === undefined || value.greaterThan(peak)) peak = value;
    if (peak.minus(value).greaterThan(worst)) worst = peak.minus(value);
    if (!peak.isZero() && peak.minus(value).dividedBy(peak).greaterThan(worstFraction)) {
      worstFraction = peak.minus(value).dividedBy(peak);
    }
  }
  const returnOf = (points: readonly ValuePoint[]) => {
    const start = points[0];
    const end = points[points.length - 1];
    if (start === undefined || end === undefined || new Decimal(start.value).isZero()) return null;
    return new Decimal(end.value).dividedBy(start.value).minus(1).toDecimalPlaces(8).toFixed();
  };
  const hasEquity = first !== undefined && last !== undefined;
  return {
    totalReturn: returnOf(equity),
    cagr: null,
    maxDrawdown: hasEquity ? worst.toFixed(2) : null,
    maxDrawdownPercent: hasEquity ? worstFraction.toDecimalPlaces(8).toFixed() : null,
    maxDrawdownDurationMs: null,
    sharpe: null,
    sortino: null,
    calmar: null,
    volatility: null,
    winRate: null,
    profitFactor: null,
    expectancy: null,
    trades: trades.length,
    averageHoldingMs: null,
    exposure: null,
    feesPaid: trades.reduce((sum, trade) => sum.plus(trade.fee), new Decimal(0)).toFixed(),
    buyAndHoldReturn: returnOf(buyAndHold),
  };
}

function liveSummary(summary: RunSummary): LiveRunSummary {
  const perQuote = (pick: (pnl: RunSummary['pnl'][string]) => string) =>
    Object.fromEntries(Object.entries(summary.pnl).map(([currency, pnl]) => [currency, pick(pnl)]));
  return {
    ordersPlaced: summary.orders.placed.length,
    ordersFilled: summary.orders.filled.length,
    ordersCanceled: summary.orders.canceled.length,
    ordersRejected: summary.orders.rejected.length,
    fills: summary.fills.length,
    fees: perQuote((pnl) => pnl.fees),
    realizedPnl: perQuote((pnl) => pnl.realized),
    unrealizedPnl: perQuote((pnl) => pnl.unrealized),
    finalBalances: Object.fromEntries(
      Object.entries(summary.balances).map(([currency, balance]) => [currency, balance.balance]),
    ),
    reconnects: summary.reconnects,
    gaps: summary.totals.gaps,
    stopReason: summary.stopReason,
  };
}
