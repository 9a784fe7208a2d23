import { defineStrategy } from '@tradeloop/strategy-kit';
import { Decimal as DecimalJs } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecording, type RecordedTrade } from '../data/recording.js';
import { runBacktest } from './run-backtest.js';

// decimal.js rounds sums to 20 significant digits by default: the reference needs more.
const Decimal = DecimalJs.clone({ precision: 200 });
const t0 = Date.UTC(2025, 0, 1, 12);
const header = JSON.stringify({
  format: 'tradeloop.recording',
  version: 1,
  products: ['BTC-USD'],
  channels: ['matches'],
  startedAt: new Date(t0).toISOString(),
});
const listener = defineStrategy({ name: 'listener', onTrade() {} });

/** Prices and sizes in every form a recording may hold them, close to each other so ties are common. */
const decimalText = fc.oneof(
  fc.constantFrom('100', '100.0', '100.00', '0100', '100.', '99.99', '100.01', '100.010', '.5', '0.5'),
  fc.stringMatching(/^[1-9]\d{0,5}\.\d{0,4}$/),
  fc.stringMatching(/^\d{1,18}\.\d{1,20}$/), // beyond 15 digits: compared as texts
);

/** The chart candle of one minute's trades, with decimal.js: the first price at the extreme wins a tie. */
function referenceCandle(start: number, trades: readonly RecordedTrade[]) {
  let high = trades[0] as RecordedTrade;
  let low = high;
  for (const trade of trades) {
    if (new Decimal(trade.price).greaterThan(high.price)) high = trade;
    if (new Decimal(trade.price).lessThan(low.price)) low = trade;
  }
  return {
    time: new Date(start).toISOString(),
    open: trades[0]?.price,
    high: high.price,
    low: low.price,
    close: trades.at(-1)?.price,
    volume: trades.reduce((total, trade) => total.plus(trade.size), new Decimal(0)).toFixed(),
  };
}

describe('the chart candles a tick replay builds', () => {
  it('are each minute’s first, highest, lowest and last trade prices and its exact volume', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(150_000), decimalText, decimalText, fc.boolean()), {
          minLength: 1,
          maxLength: 40,
        }),
        async (rows) => {
          const offsets = rows.map(([offset]) => offset).sort((left, right) => left - right);
          const trades: RecordedTrade[] = rows.map(([, price, size], index) => ({
            type: 'trade',
            time: t0 + (offsets[index] as number),
            productId: 'BTC-USD',
            tradeId: String(index + 1),
            price,
            size,
            takerSide: index % 2 === 0 ? 'buy' : 'sell',
          }));
          // As the recorder writes them (read by the line shortcut), or in another key order (JSON.parse).
          const lines = trades.map((trade, index) =>
            rows[index]?.[3] === true
              ? JSON.stringify(trade, ['size', 'type', 'time', 'productId', 'tradeId', 'price', 'takerSide'])
              : JSON.stringify(trade),
          );
          const { result } = await runBacktest({
            strategy: listener,
            products: ['BTC-USD'],
            data: { recording: parseRecording(`${header}\n${lines.join('\n')}\n`) },
            balances: { USD: '1000' },
          });
          const minutes = new Map<number, RecordedTrade[]>();
          for (const trade of trades) {
            const start = trade.time - (trade.time % 60_000);
            minutes.set(start, [...(minutes.get(start) ?? []), trade]);
          }
          expect(result.prices['BTC-USD']).toEqual(
            [...minutes].map(([start, ofMinute]) => referenceCandle(start, ofMinute)),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
