/**
 * Tick-to-order client without the runtime: `@tradeloop/websocket`'s `CoinbaseFeed` `match`
 * events straight into `@tradeloop/rest`'s `placeOrder`. The difference to the runtime client is
 * what the strategy runtime (state, risk gates, journal, order state machine) costs per reaction.
 */
import { createExchangeCredentials, ExchangeClock } from '@tradeloop/auth';
import { CoinbaseExchangeClient, type PlaceOrderRequest } from '@tradeloop/rest';
import { CoinbaseFeed } from '@tradeloop/websocket';
import { clientSettings, REACTION_ORDER, runClient } from './protocol.js';

await runClient(async ({ tradeSeen, isArmed }) => {
  const settings = clientSettings();
  const productId = settings.productId;
  const credentials = createExchangeCredentials(settings);
  const clock = new ExchangeClock();
  const client = new CoinbaseExchangeClient({
    baseUrl: settings.restUrl,
    credentials,
    clock,
    rateLimit: false,
    // As a latency-minded user runs it (and as the Coinbase venue does): a POST waits on a
    // connected socket, so the order is written within placeOrder.
    standbyPost: true,
  });
  const feed = new CoinbaseFeed({ url: settings.wsUrl, credentials, clock });
  feed.on('match', (message) => {
    if (message.product_id !== productId) return;
    tradeSeen();
    if (!isArmed()) return;
    const request = { product_id: productId, type: 'limit', ...REACTION_ORDER } as PlaceOrderRequest;
    client
      .placeOrder(request)
      .catch((error: unknown) => console.error('tradeloop placeOrder failed:', error));
  });
  feed.on('error', (error) => console.error('tradeloop feed error:', error.message));
  // The order's connection is opened and kept before the first trade, as a warmed-up bot's is.
  await client.getTime();
  await feed.connect();
  await feed.subscribe(['matches'], [productId]);
  return {
    close: async () => {
      await feed.close();
      client.close();
    },
  };
});
