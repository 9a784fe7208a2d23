import { createExchangeCredentials } from '@tradeloop/auth';
import { createCoinbaseVenue } from '@tradeloop/coinbase';
import { startSimulator } from '@tradeloop/simulator';
import { createRuntime, silentLogger } from '@tradeloop/strategy-kit';
import { expect, it } from 'vitest';
import strategy from './index.js';

// The real thing: the strategy in the tradeloop runtime, trading with a local simulator of
// Coinbase over loopback (signed REST and an authenticated WebSocket).
it('quotes both sides, and leaves nothing open when stopped', async () => {
  const simulator = await startSimulator({
    port: 0,
    seed: 4,
    rateLimits: false,
    market: { enabled: true, speed: 20 },
  });
  const runtime = createRuntime({
    venue: createCoinbaseVenue({
      credentials: createExchangeCredentials(simulator.credentials),
      restUrl: simulator.restUrl,
      feedUrl: simulator.wsUrl,
    }),
    strategy,
    productIds: ['BTC-USD'],
    risk: { maxOpenOrders: 4 },
    logger: silentLogger,
  });
  const sides = new Set<string>();
  runtime.on('order-accepted', (order) => sides.add(order.side));
  try {
    await runtime.start();
    await new Promise((resolve) => setTimeout(resolve, 3000));
  } finally {
    await runtime.stop({ cancelOpenOrders: true });
    await simulator.stop();
  }
  const snapshot = runtime.snapshot();
  expect([...sides].sort()).toEqual(['buy', 'sell']);
  expect(snapshot.orders.working).toBe(0);
  expect(snapshot.handlerErrors).toBe(0);
});
