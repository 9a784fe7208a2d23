/**
 * Checks made before an Advanced Trade run starts, so that a user's mistake ends with one
 * sentence: the REST host answers and takes the key, lists the products asked for, and the user
 * feed accepts the JWT-signed `user` subscription.
 */
import type { CdpCredentials } from '@tradeloop/auth';
import type { Clock } from '@tradeloop/clock';
import {
  type AdvancedTradeProduct,
  AuthenticationError,
  type CoinbaseAdvancedTradeClient,
  NetworkError,
  PermissionError,
  TimeoutError,
} from '@tradeloop/rest';
import { AdvancedTradeFeed } from '@tradeloop/websocket';
import { ConfigError } from '../config-error.js';
import type { ReportedProduct } from '../portfolio-report.js';
import { probeFeed } from './feed-check.js';
import { capitalized, requireTradedProducts } from './preflight.js';

/**
 * @returns the requested products in the reports' shape.
 * @throws {ConfigError} when the venue cannot be reached, refuses the key, or does not trade a product.
 */
export async function advancedTradePreflight(
  client: Pick<CoinbaseAdvancedTradeClient, 'listProducts' | 'listAccounts'>,
  productIds: readonly string[],
  venueName: string,
): Promise<ReportedProduct[]> {
  let listed: AdvancedTradeProduct[];
  try {
    listed = await client.listProducts();
    await client.listAccounts({ limit: 1 });
  } catch (error) {
    throw describeFailure(error, venueName);
  }
  const byId = new Map(listed.map((product) => [product.product_id, product]));
  return requireTradedProducts(byId, productIds, venueName).map(
    (product) =>
      ({
        id: product.product_id,
        base_currency: product.base_currency_id,
        quote_currency: product.quote_currency_id,
        quote_increment: product.price_increment || product.quote_increment,
      }) as ReportedProduct,
  );
}

/**
 * Opens the user feed once and subscribes to `user` with a signed JWT.
 * @throws {ConfigError} when the feed cannot be opened or refuses the subscription.
 */
export async function checkAdvancedTradeFeed(options: {
  url: string;
  credentials: CdpCredentials;
  clock: Clock;
  productIds: readonly string[];
  venueName: string;
}): Promise<void> {
  const feed = new AdvancedTradeFeed({
    url: options.url,
    credentials: options.credentials,
    clock: options.clock,
    reconnect: false,
    heartbeats: false,
  });
  await probeFeed({
    feed,
    listen: (fail) => {
      feed.on('disconnected', ({ detail, reason }) => fail(new Error(detail === '' ? reason : detail)));
      feed.on('error', fail);
    },
    subscribe: () => feed.subscribe('user', options.productIds),
    refused: (detail, cause) =>
      new ConfigError(
        `The Advanced Trade user feed of ${options.venueName} refused the signed subscription (${detail}); check that COINBASE_USER_WS_URL belongs to the same venue as COINBASE_REST_URL.`,
        { cause },
      ),
    unreachable: (detail, cause) =>
      new ConfigError(
        `Could not open the Advanced Trade feed at ${options.url} (${detail}); check COINBASE_WS_URL and COINBASE_USER_WS_URL, or the network.`,
        { cause },
      ),
  });
}

function describeFailure(error: unknown, venueName: string): unknown {
  if (AuthenticationError.isInstance(error))
    return new ConfigError(
      `${capitalized(venueName)} refused the key (401 Unauthorized): COINBASE_API_KEY must be the key name and COINBASE_API_SECRET the private key of one Advanced Trade (CDP) key with the ES256 algorithm, created for this account (an Exchange key is never accepted there).`,
      { cause: error },
    );
  if (PermissionError.isInstance(error))
    return new ConfigError(
      `The Advanced Trade key may not read the account on ${venueName} (403 ${error.exchangeMessage ?? 'Forbidden'}); give the key the view and trade permissions.`,
      { cause: error },
    );
  if (NetworkError.isInstance(error) || TimeoutError.isInstance(error))
    return new ConfigError(
      `Could not reach ${venueName} (${error.message}); check the network, or COINBASE_REST_URL if you set it.`,
      { cause: error },
    );
  return error;
}
