import { createCdpCredentials } from '@tradeloop/auth';
import { createAdvancedTradeVenue } from '@tradeloop/coinbase';
import { startSimulator } from '@tradeloop/simulator';
import { createRuntime, defineStrategy } from '@tradeloop/strategy-kit';

const sim = await startSimulator({ port: 0, rateLimits: false, market: { enabled: true, speed: 5 } });
const venue = createAdvancedTradeVenue({
  credentials: createCdpCredentials(sim.advancedTrade), // its key name and PEM private key
  restUrl: sim.advancedTrade.restUrl,
  wsUrl: sim.advancedTrade.wsUrl, // market data: ticker, market_trades, level2 (l2_data)
  userWsUrl: sim.advancedTrade.userWsUrl, // own orders: user, JWT-signed subscribes
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
