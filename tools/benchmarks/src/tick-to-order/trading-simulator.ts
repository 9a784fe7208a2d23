import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { PRODUCT_ID } from './protocol.js';

/** The tick-to-order exchange: the simulator with no market of its own, and a way to make one trade. */
export interface TradingSimulator {
  simulator: RunningSimulator;
  /** One public trade of {@link PRODUCT_ID}: a maker rests, a taker takes it at once. */
  trade(): void;
}

/** Starts the simulator the tick-to-order measurements react to (parent process only). */
export async function startTradingSimulator(): Promise<TradingSimulator> {
  const simulator = await startSimulator({
    products: [PRODUCT_ID],
    rateLimits: false,
    market: { enabled: false },
    subscribeTimeoutMs: 60_000,
  });
  const exchange = simulator.exchange;
  const bigBalances = { USD: '1000000000', BTC: '1000000' };
  const maker = exchange.caller(
    exchange.addProfile({ balances: bigBalances, keepsHistory: false }).profileId,
  );
  const taker = exchange.caller(
    exchange.addProfile({ balances: bigBalances, keepsHistory: false }).profileId,
  );
  const trade = () => {
    const order = { product_id: PRODUCT_ID, price: '64250.00', size: '0.00010000' };
    const resting = exchange.placeOrder(maker, { ...order, side: 'sell' });
    const taking = exchange.placeOrder(taker, { ...order, side: 'buy' });
    if (!resting.ok || !taking.ok)
      throw new Error(
        `expected the counterparties' orders to be accepted, received ${JSON.stringify(resting.ok ? taking : resting)}`,
      );
  };
  return { simulator, trade };
}
