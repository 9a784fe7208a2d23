import { createExchangeCredentials } from '@tradeloop/auth';
import { createCoinbaseVenue, restUrlForFeed } from '@tradeloop/coinbase';
import { startSimulator } from '@tradeloop/simulator';
import { createRuntime, defineStrategy } from '@tradeloop/strategy-kit';

const sim = await startSimulator({ port: 0, rateLimits: false, market: { enabled: true, speed: 5 } });
const venue = createCoinbaseVenue({
  credentials: createExchangeCredentials(sim.credentials),
  restUrl: restUrlForFeed(sim.wsUrl), // the simulator serves REST and the feed on one port
  feedUrl: sim.wsUrl,
});
const runtime = createRuntime({
  venue,
  productIds: ['BTC-USD'],
  strategy: defineStrategy({ name: 'watch' }),
});
await runtime.start();
console.log(runtime.snapshot().status); // running
await runtime.stop();
await sim.stop();
