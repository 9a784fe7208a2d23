/**
 * The SMA crossover of the backtest benchmark, as grademark runs it: the same rule (buy when the
 * fast average of closes crosses above the slow one while flat, sell when it crosses below while
 * long, each at the next candle's open), written in grademark's strategy shape over a data-forge
 * frame read from the same CSV text.
 */
import { type DataFrame, fromCSV, Series } from 'data-forge';
import { backtest, type IBar } from 'grademark';
import { markCrossings } from './sma-crossings.js';

/** One round trip as both engines can describe it: entry and exit time (ms) and price. */
export interface RoundTripPrices {
  entryTime: number;
  entryPrice: number;
  exitTime: number;
  exitPrice: number;
  /** grademark closes a position still open at the end ("finalize"); tradeloop leaves it open. */
  finalized?: boolean;
}

interface CrossBar extends IBar {
  cross: 'up' | 'down' | undefined;
}

/** Reads the CSV with data-forge and runs grademark's backtest of the crossover. */
export function grademarkCrossover(csv: string, fast: number, slow: number): RoundTripPrices[] {
  const bars = fromCSV(csv)
    .parseFloats(['time', 'open', 'high', 'low', 'close', 'volume'])
    .select((row) => ({ ...row, time: new Date((row.time as number) * 1000) }))
    .bake() as unknown as DataFrame<number, IBar>;
  const trades = backtest<IBar, CrossBar, Record<string, number>, number>(
    {
      prepIndicators: ({ inputSeries }) => {
        const marks = markCrossings(inputSeries.getSeries('close').toArray() as number[], fast, slow);
        return inputSeries.withSeries('cross', new Series(marks)).bake() as never;
      },
      entryRule: (enterPosition, { bar }) => {
        if (bar.cross === 'up') enterPosition();
      },
      exitRule: (exitPosition, { bar }) => {
        if (bar.cross === 'down') exitPosition();
      },
    },
    bars,
  );
  return trades.map((trade) => ({
    entryTime: trade.entryTime.getTime(),
    entryPrice: trade.entryPrice,
    exitTime: trade.exitTime.getTime(),
    exitPrice: trade.exitPrice,
    ...(trade.exitReason === 'finalize' ? { finalized: true } : {}),
  }));
}
