import { DEFAULT_PRODUCTS, type RunningSimulator, startSimulator } from '@tradeloop/simulator';

/** The tick-to-order exchange: the simulator with no market of its own, and a way to make one trade. */
export interface TradingSimulator {
  simulator: RunningSimulator;
  /** One public trade of `productId`: a maker rests, a taker takes it at once. */
  trade(productId: string): void;
}

/**
 * Starts the simulator the tick-to-order measurements react to (parent process only), listing
 * each of `productIds` with BTC-USD's increments and price, so every product trades alike.
 */
export async function startTradingSimulator(productIds: readonly string[]): Promise<TradingSimulator> {
  const bitcoin = DEFAULT_PRODUCTS.find((product) => product.id === 'BTC-USD');
  if (bitcoin === undefined) throw new Error("expected BTC-USD among the simulator's products");
  const simulator = await startSimulator({
    products: productIds.map((id) => ({ ...bitcoin, id, baseCurrency: id.split('-')[0] as string })),
    rateLimits: false,
    market: { enabled: false },
    subscribeTimeoutMs: 60_000,
  });
  const exchange = simulator.exchange;
  const bigBalances: Record<string, string> = { USD: '1000000000' };
  for (const id of productIds) bigBalances[id.split('-')[0] as string] = '1000000';
  const maker = exchange.caller(
    exchange.addProfile({ balances: bigBalances, keepsHistory: false }).profileId,
  );
  const taker = exchange.caller(
    exchange.addProfile({ balances: bigBalances, keepsHistory: false }).profileId,
  );
  const trade = (productId: string) => {
    const order = { product_id: productId, price: '64250.00', size: '0.00010000' };
    const resting = exchange.placeOrder(maker, { ...order, side: 'sell' });
    const taking = exchange.placeOrder(taker, { ...order, side: 'buy' });
    if (!resting.ok || !taking.ok)
      throw new Error(
        `expected the counterparties' orders to be accepted, received ${JSON.stringify(resting.ok ? taking : resting)}`,
      );
  };
  return { simulator, trade };
}
