import { ExactDecimal } from '../src/model/decimal.js';
import { type ClientOrderId, type ClientOrderIdGenerator, productId } from '../src/model/ids.js';
import type { Ticker, Trade } from '../src/model/market-data.js';

export const btcUsd = productId('BTC-USD');

/** Client order ids 00000000-0000-4000-8000-000000000001, …002, … (deterministic). */
export function sequentialIds(): ClientOrderIdGenerator {
  let next = 0;
  return () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}` as ClientOrderId;
}

export function ticker(price: string, time = 0): Ticker {
  const decimal = new ExactDecimal(price);
  return { productId: btcUsd, price: decimal, bestBid: decimal, bestAsk: decimal, time };
}

export function trade(tradeId: number, price: string, size: string, time: number): Trade {
  return {
    productId: btcUsd,
    tradeId: String(tradeId),
    price: new ExactDecimal(price),
    size: new ExactDecimal(size),
    takerSide: 'buy',
    time,
  };
}

/** Lets promise callbacks (venue answers) run, then waits for the runtime's loop to drain. */
export async function settle(runtime: { idle(): Promise<void> }): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    await runtime.idle();
  }
}
