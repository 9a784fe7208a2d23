/**
 * A run on Coinbase Advanced Trade (or the embedded simulator's Advanced Trade protocol): the
 * Advanced Trade venue of `@tradeloop/coinbase`, checked before trading (REST, then the user feed).
 */
import { type CdpCredentials, createCdpCredentials } from '@tradeloop/auth';
import { type AdvancedTradeVenue, createAdvancedTradeVenue } from '@tradeloop/coinbase';
import type { OrderId, ProductId } from '@tradeloop/strategy-kit';
import { reportAdvancedTradeFeedActivity } from '../advanced-trade-feed-activity.js';
import type { BotConfig, VenueConfig } from '../config.js';
import { sweepOpenOrders } from '../open-order-sweep.js';
import { advancedTradePreflight, checkAdvancedTradeFeed } from './advanced-trade-preflight.js';
import { startEmbeddedSimulator } from './embedded-simulator.js';
import type { TradingSession } from './trading-session.js';

/** A venue reached through Advanced Trade: Coinbase's (or a server's), or the embedded simulator's. */
export type AdvancedTradeVenueChoice =
  | Extract<VenueConfig, { kind: 'advanced-trade' }>
  | (Extract<VenueConfig, { kind: 'embedded-simulator' }> & { api: 'advanced-trade' });

/** True when the run trades through Advanced Trade. */
export function tradesThroughAdvancedTrade(venue: VenueConfig): venue is AdvancedTradeVenueChoice {
  return (
    venue.kind === 'advanced-trade' || (venue.kind === 'embedded-simulator' && venue.api === 'advanced-trade')
  );
}

interface AdvancedTradeEndpoint {
  name: string;
  restUrl: string;
  wsUrl: string;
  userWsUrl: string;
  credentials: CdpCredentials;
  close(): Promise<void>;
}

/** Connects to the Advanced Trade venue the configuration names. @throws {ConfigError} for a user's mistake found before trading. */
export async function openAdvancedTradeSession(
  config: BotConfig,
  venueConfig: AdvancedTradeVenueChoice,
): Promise<TradingSession> {
  const endpoint = await openAdvancedTradeEndpoint(venueConfig, config);
  let venue: AdvancedTradeVenue | undefined;
  const close = async () => {
    await venue?.close();
    await endpoint.close();
  };
  try {
    venue = createAdvancedTradeVenue({
      credentials: endpoint.credentials,
      restUrl: endpoint.restUrl,
      wsUrl: endpoint.wsUrl,
      userWsUrl: endpoint.userWsUrl,
      rest: {
        timeoutMs: config.requestTimeoutSeconds * 1000,
        orderPlacement: { lookupWindowMs: config.placementLookupWindowSeconds * 1000 },
      },
    });
    const products = await advancedTradePreflight(venue.client, config.products, endpoint.name);
    await checkAdvancedTradeFeed({
      url: endpoint.userWsUrl,
      credentials: endpoint.credentials,
      clock: venue.clock,
      productIds: config.products,
      venueName: endpoint.name,
    });
    const atVenue = venue;
    // The runtime closes the venue when it stops; its REST client's pool opens again on use, so
    // the sweep and the final balances after the stop still reach the exchange (closed for good
    // by the session's close).
    const lastPrices = new Map<string, string>();
    atVenue.marketFeed.on('ticker', (event) => {
      for (const ticker of event.tickers ?? []) lastPrices.set(ticker.product_id, ticker.price);
    });
    return {
      name: endpoint.name,
      restUrl: endpoint.restUrl,
      venue: atVenue,
      products,
      lastPrices,
      reportFeed: (emit) => {
        for (const feed of [atVenue.userFeed, atVenue.marketFeed])
          reportAdvancedTradeFeedActivity(feed, config.products, emit);
      },
      sweepOpenOrders: (request) =>
        sweepOpenOrders({
          ...request,
          async *listOpenOrders() {
            for (const report of await atVenue.openOrders())
              yield {
                clientOrderId: report.clientOrderId,
                orderId: report.orderId,
                productId: report.productId,
              };
          },
          cancelOrder: (order) =>
            atVenue.cancelOrder({
              clientOrderId: undefined,
              orderId: order.orderId as OrderId,
              productId: order.productId as ProductId,
            }),
        }),
      readBalances: async () =>
        (await atVenue.balances()).map((balance) => ({
          currency: balance.currency,
          balance: balance.total.toFixed(),
          hold: balance.hold.toFixed(),
          available: balance.available.toFixed(),
        })),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function openAdvancedTradeEndpoint(
  venueConfig: AdvancedTradeVenueChoice,
  config: BotConfig,
): Promise<AdvancedTradeEndpoint> {
  if (venueConfig.kind === 'advanced-trade')
    return {
      name:
        venueConfig.environment === 'production'
          ? 'Coinbase Advanced Trade (real money)'
          : 'the Advanced Trade server at COINBASE_REST_URL',
      restUrl: venueConfig.restUrl,
      wsUrl: venueConfig.wsUrl,
      userWsUrl: venueConfig.userWsUrl,
      credentials: venueConfig.credentials,
      close: async () => {},
    };
  const simulator = await startEmbeddedSimulator({ seed: venueConfig.seed });
  const access = simulator.advancedTrade;
  config.secrets.add([...simulator.secrets, access.privateKey]);
  return {
    name: 'the embedded simulator (Advanced Trade)',
    restUrl: access.restUrl,
    wsUrl: access.wsUrl,
    userWsUrl: access.userWsUrl,
    credentials: createCdpCredentials({ keyName: access.keyName, privateKey: access.privateKey }),
    close: () => simulator.stop(),
  };
}
