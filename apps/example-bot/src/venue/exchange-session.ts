/**
 * A run on Coinbase Exchange (or the embedded simulator's Exchange protocol): REST client and
 * feed on one exchange clock, checked before trading (preflight, then the feed), wrapped in the
 * Exchange venue.
 */
import { ExchangeClock } from '@tradeloop/auth';
import { CoinbaseVenue, level3SnapshotsFrom } from '@tradeloop/coinbase';
import { CoinbaseExchangeClient } from '@tradeloop/rest';
import { CoinbaseFeed } from '@tradeloop/websocket';
import { reportFeedActivity } from '../activity-reporter.js';
import type { BotConfig, VenueConfig } from '../config.js';
import { sweepOpenOrders } from '../open-order-sweep.js';
import { openEndpoint } from './endpoint.js';
import { checkFeed } from './feed-check.js';
import { preflight } from './preflight.js';
import type { TradingSession } from './trading-session.js';

/** Connects to the Exchange venue the configuration names. @throws {ConfigError} for a user's mistake found before trading. */
export async function openExchangeSession(
  config: BotConfig,
  venueConfig: Extract<VenueConfig, { kind: 'coinbase' } | { kind: 'embedded-simulator' }>,
): Promise<TradingSession> {
  const endpoint = await openEndpoint(venueConfig);
  const cleanups: Array<() => Promise<void> | void> = [() => endpoint.close()];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    config.secrets.add(endpoint.secrets);
    // One clock for REST and the feed, carrying the offset to the exchange's time.
    const clock = new ExchangeClock();
    const client = new CoinbaseExchangeClient({
      baseUrl: endpoint.restUrl,
      credentials: endpoint.credentials,
      clock,
      timeoutMs: config.requestTimeoutSeconds * 1000,
      orderPlacement: { absenceWindowMs: config.placementLookupWindowSeconds * 1000 },
      // An order is written to its socket within placeOrder, not after the runtime's whole task
      // (as createCoinbaseVenue does): one more kept-alive connection for a faster reaction.
      standbyPost: true,
    });
    cleanups.push(() => client.close());
    const { products } = await preflight(client, config.products, endpoint.name);
    await checkFeed({
      url: endpoint.wsUrl,
      credentials: endpoint.credentials,
      clock,
      productIds: config.products,
      venueName: endpoint.name,
    });
    const feed = new CoinbaseFeed({
      url: endpoint.wsUrl,
      credentials: endpoint.credentials,
      clock,
      // Level-3 resyncs fetch snapshots through the bot's REST client (its endpoint, rate limit, retries).
      books: { level3Snapshots: level3SnapshotsFrom(client) },
    });
    // The bot keeps the REST client after the runtime stops: the sweep and the final balances need it.
    const venue = new CoinbaseVenue({ client, feed, ownsConnections: false });
    const lastPrices = new Map<string, string>();
    feed.on('ticker', (ticker) => lastPrices.set(ticker.product_id, ticker.price));
    return {
      name: endpoint.name,
      restUrl: endpoint.restUrl,
      venue,
      products,
      lastPrices,
      reportFeed: (emit) => reportFeedActivity(feed, emit),
      sweepOpenOrders: (request) =>
        sweepOpenOrders({
          ...request,
          async *listOpenOrders() {
            for await (const order of client.iterateOrders({ status: ['open', 'pending', 'active'] }))
              yield { clientOrderId: order.client_oid, orderId: order.id, productId: order.product_id };
          },
          cancelOrder: (order) => client.cancelOrder(order.orderId!, order.productId),
        }),
      readBalances: () => client.getAccounts(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
