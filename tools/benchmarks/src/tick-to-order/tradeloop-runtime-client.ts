/**
 * Tick-to-order client: a tradeloop strategy (strategy-kit runtime on the `@tradeloop/coinbase`
 * venue, i.e. `@tradeloop/websocket` + `@tradeloop/rest`) whose `onTrade` places the reaction order.
 */
import { createExchangeCredentials } from '@tradeloop/auth';
import { createCoinbaseVenue } from '@tradeloop/coinbase';
import { createRuntime, defineStrategy } from '@tradeloop/strategy-kit';
import { clientSettings, REACTION_ORDER, runClient, traceMark } from './protocol.js';

await runClient(async ({ tradeSeen, isArmed }) => {
  const settings = clientSettings();
  const productId = settings.productId;
  const venue = createCoinbaseVenue({
    credentials: createExchangeCredentials(settings),
    restUrl: settings.restUrl,
    feedUrl: settings.wsUrl,
    rest: { rateLimit: false },
  });
  const strategy = defineStrategy({
    name: 'react-to-trades',
    onTrade(_trade, ctx) {
      traceMark('onTrade');
      tradeSeen();
      if (!isArmed()) return;
      ctx.orders.limit({ productId, ...REACTION_ORDER });
    },
  });
  const runtime = createRuntime({ venue, strategy, productIds: [productId], reconcileIntervalMs: 0 });
  runtime.on('runtime-error', ({ error, context }) =>
    console.error(`tradeloop runtime error (${context}):`, error instanceof Error ? error.message : error),
  );
  await runtime.start();
  return { close: () => runtime.stop() };
});
