/**
 * The checks every paper end-to-end test makes of a session, whichever API its market data came
 * from: the recording traded on holds only trades the feed printed, it backtests to the session's
 * fills, and each fill is where the market traded (a maker fill at or through a printed trade's
 * price, a taker fill at a level of the book it met or at the trade it arrived with); and the
 * final balances, positions and fees add up to the fills.
 */
import { type MarketDataSource, readRecording, runBacktest } from '@tradeloop/backtest';
import { Decimal } from 'decimal.js';
import { expect } from 'vitest';
import type { FillDescription } from '../../src/bot-events.js';
import { DEFAULTS } from '../../src/config/options.js';
import type { RunSummary } from '../../src/output/summary.js';
import { loadBotStrategy } from '../../src/strategies/load-strategy.js';

/** A trade as an independent listener heard it, by `productId/tradeId`. */
export type PrintedTrades = ReadonlyMap<string, { price: string; size: string; takerSide: string }>;

/**
 * Listens to a market-data source (independently of the bot) and collects the trades it prints;
 * the map fills as they arrive.
 */
export async function listenToPrintedTrades(
  market: Pick<MarketDataSource, 'subscribe'>,
  products: readonly string[],
): Promise<PrintedTrades> {
  const printed = new Map<string, { price: string; size: string; takerSide: string }>();
  await market.subscribe(products, (event) => {
    if (event.type === 'trade')
      printed.set(`${event.trade.productId}/${event.trade.tradeId}`, {
        price: event.trade.price.toFixed(),
        size: event.trade.size.toFixed(),
        takerSide: event.trade.takerSide,
      });
  });
  return printed;
}

/** A session of the bot, as the checks need to replay it. */
export interface PaperSession {
  strategy: string;
  products: readonly string[];
  parameters: Record<string, string>;
  fees: string;
  latencyMs: number;
  /** Where strategy specifiers are resolved from. */
  baseDirectory: string;
}

const fillRow = (
  fill: Pick<FillDescription, 'productId' | 'side' | 'price' | 'size' | 'fee' | 'liquidity'>,
) => [
  fill.productId,
  fill.side,
  new Decimal(fill.price).toFixed(),
  new Decimal(fill.size).toFixed(),
  new Decimal(fill.fee).toFixed(),
  fill.liquidity,
];

/** Runs the checks above on a paper session's summary (with its `--record` recording). */
export async function expectFillsWhereTheMarketTraded(
  session: PaperSession,
  summary: RunSummary,
  printed: PrintedTrades,
): Promise<void> {
  const recording = readRecording(summary.paper!.recording!);
  const recordedTrades = recording.messages.flatMap((message) => (message.type === 'trade' ? [message] : []));
  for (const trade of recordedTrades)
    expect(
      printed.get(`${trade.productId}/${trade.tradeId}`),
      `trade ${trade.tradeId} was never printed`,
    ).toEqual({
      price: trade.price,
      size: trade.size,
      takerSide: trade.takerSide,
    });
  // The same strategy and parameters, read as the bot reads them.
  const { strategy, params } = await loadBotStrategy(
    session.strategy,
    session.parameters,
    session.baseDirectory,
  );
  const backtest = await runBacktest({
    strategy,
    parameters: params,
    products: [...session.products],
    data: { recording },
    balances: summary.paper!.startBalances,
    fees: session.fees,
    latencyMs: session.latencyMs,
    risk: {
      maxOrderNotional: DEFAULTS.maxOrderNotional,
      maxPositionSize: DEFAULTS.maxPosition,
      maxOpenOrders: Number(DEFAULTS.maxOpenOrders),
      dailyLossLimit: DEFAULTS.dailyLossLimit,
    },
  });
  // The recording of the session backtests to the same fills.
  expect(backtest.result.trades.map((trade) => fillRow(trade))).toEqual(summary.fills.map(fillRow));
  for (const trade of backtest.result.trades) {
    const time = Date.parse(trade.time);
    const price = new Decimal(trade.price);
    if (trade.liquidity === 'maker') {
      const through = recordedTrades.some(
        (printedTrade) =>
          printedTrade.time === time &&
          printedTrade.productId === trade.productId &&
          (trade.side === 'buy' ? price.gte(printedTrade.price) : price.lte(printedTrade.price)),
      );
      expect(through, `maker fill ${JSON.stringify(trade)} without a trade at or through its price`).toBe(
        true,
      );
    } else {
      // The book it met on arrival: the last one before the message it arrived with (which
      // may itself be a book at the same time).
      const books = recording.messages.filter(
        (message) =>
          message.type === 'book-snapshot' && message.productId === trade.productId && message.time <= time,
      );
      const levels = books
        .slice(-2)
        .flatMap((book) =>
          book.type !== 'book-snapshot' ? [] : trade.side === 'buy' ? book.asks : book.bids,
        );
      // What the book could not fill fills at the next trade's price (no slippage here).
      const printedAt = recordedTrades.some(
        (printedTrade) =>
          printedTrade.productId === trade.productId &&
          printedTrade.time === time &&
          price.eq(printedTrade.price),
      );
      expect(
        levels.some(([levelPrice]) => price.eq(levelPrice)) || printedAt,
        `taker fill ${JSON.stringify(trade)} at no level of the book`,
      ).toBe(true);
    }
  }
}

/** The summary's balances, positions and fees are the start balances moved by exactly its fills. */
export function expectBalancesAddUp(products: readonly string[], summary: RunSummary): void {
  const expected = new Map(
    Object.entries(summary.paper!.startBalances).map(([currency, amount]) => [currency, new Decimal(amount)]),
  );
  const positions = new Map<string, Decimal>();
  let feesPaid = new Decimal(0);
  for (const fill of summary.fills) {
    const [base, quote] = fill.productId.split('-') as [string, string];
    const value = new Decimal(fill.price).times(fill.size);
    const sign = fill.side === 'buy' ? 1 : -1;
    expected.set(base, (expected.get(base) ?? new Decimal(0)).plus(new Decimal(fill.size).times(sign)));
    expected.set(quote, (expected.get(quote) ?? new Decimal(0)).minus(value.times(sign)).minus(fill.fee));
    positions.set(
      fill.productId,
      (positions.get(fill.productId) ?? new Decimal(0)).plus(new Decimal(fill.size).times(sign)),
    );
    feesPaid = feesPaid.plus(fill.fee);
  }
  for (const [currency, amount] of expected)
    expect(new Decimal(summary.balances[currency]?.balance ?? 'NaN').eq(amount), `${currency} balance`).toBe(
      true,
    );
  for (const productId of products)
    expect(
      new Decimal(summary.positions[productId]?.size ?? 'NaN').eq(positions.get(productId) ?? 0),
      `${productId} position`,
    ).toBe(true);
  expect(new Decimal(summary.pnl.USD?.fees ?? 'NaN').eq(feesPaid)).toBe(true);
}
