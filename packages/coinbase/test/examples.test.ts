import { createExchangeCredentials } from '@tradeloop/auth';
import { CoinbaseExchangeClient } from '@tradeloop/rest';
import { startSimulator } from '@tradeloop/simulator';
import { createRuntime, loadStrategy } from '@tradeloop/strategy-kit';
import { expect, it } from 'vitest';
import { createCoinbaseVenue } from '../src/index.js';

it('the README example plugin quotes against the simulator and every fill adds up', async () => {
  const sim = await startSimulator({
    port: 0,
    seed: 4,
    rateLimits: false,
    market: { enabled: true, speed: 20 },
  });
  const rest = new CoinbaseExchangeClient({
    baseUrl: sim.restUrl,
    credentials: createExchangeCredentials(sim.credentials),
    rateLimit: false,
  });
  try {
    const strategy = await loadStrategy('./test/examples/spread-quoter.ts', {
      cwd: new URL('..', import.meta.url).pathname,
    });
    const venue = createCoinbaseVenue({
      credentials: createExchangeCredentials(sim.credentials),
      restUrl: sim.restUrl,
      feedUrl: sim.wsUrl,
    });
    const runtime = createRuntime({
      venue,
      strategy,
      productIds: ['BTC-USD'],
      params: { spread: '0.0004', requoteMove: '0.0001' },
      risk: { maxOpenOrders: 4 },
    });
    let mostWorking = 0;
    runtime.on('order-submitted', () => {
      mostWorking = Math.max(mostWorking, runtime.snapshot().orders.working);
    });
    const errors: unknown[] = [];
    runtime.on('handler-failed', ({ error }) => errors.push(error));
    await runtime.start();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await runtime.stop({ cancelOpenOrders: true });

    const snapshot = runtime.snapshot();
    expect(errors).toEqual([]);
    expect(snapshot.orders.submitted).toBeGreaterThanOrEqual(2);
    expect(mostWorking).toBeLessThanOrEqual(4);
    expect(snapshot.orders.working).toBe(0);
    const open = await rest.listOrders({ productId: 'BTC-USD' });
    expect(open.items).toEqual([]);
    let exchangeFills = 0;
    for await (const _ of rest.iterateFills({ productId: 'BTC-USD' })) exchangeFills += 1;
    expect(snapshot.fills).toBe(exchangeFills);
    expect(snapshot.orders.canceled).toBeGreaterThan(0); // it re-quoted
  } finally {
    rest.close();
    await sim.stop();
  }
}, 30_000);
