/**
 * `npm start`: runs the strategy against a local simulator of Coinbase (no account, no network)
 * and prints its fills, until Ctrl-C or for `--seconds N`; then cancels its orders and prints
 * its positions.
 */
import { createExchangeCredentials } from '@tradeloop/auth';
import { createCoinbaseVenue } from '@tradeloop/coinbase';
import { startSimulator } from '@tradeloop/simulator';
import { consoleLogger, createRuntime } from '@tradeloop/strategy-kit';
import strategy from '../src/index.js';

const secondsFlag = process.argv.indexOf('--seconds');
const seconds = secondsFlag === -1 ? undefined : Number(process.argv[secondsFlag + 1]);

const simulator = await startSimulator({ market: { enabled: true, speed: 5 } });
const runtime = createRuntime({
  venue: createCoinbaseVenue({
    credentials: createExchangeCredentials(simulator.credentials),
    restUrl: simulator.restUrl,
    feedUrl: simulator.wsUrl,
  }),
  strategy,
  productIds: ['BTC-USD'],
  risk: { maxOrderNotional: '1000', maxOpenOrders: 4, dailyLossLimit: '50' },
  logger: consoleLogger(),
});
runtime.on('order-filled', ({ fill }) =>
  console.log('fill', fill.side, fill.size.toFixed(), '@', fill.price.toFixed()),
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await runtime.stop({ cancelOpenOrders: true });
  const { positions, fills, orders } = runtime.snapshot();
  console.log(JSON.stringify({ fills, orders, positions }, null, 2));
  await simulator.stop();
}
process.once('SIGINT', () => void stop());
await runtime.start();
console.log(`${strategy.name} is trading on the simulator at ${simulator.restUrl}; Ctrl-C stops it`);
if (seconds !== undefined && Number.isFinite(seconds)) setTimeout(() => void stop(), seconds * 1000);
