/**
 * Checks made before the strategy starts, so that a user's mistake ends with one sentence instead
 * of a failing bot: the venue answers, accepts the credentials, and lists the products asked for.
 */
import {
  AuthenticationError,
  type CoinbaseExchangeClient,
  NetworkError,
  PermissionError,
  type Product,
  TimeoutError,
} from '@tradeloop/rest';
import { ConfigError } from '../config-error.js';

/** What the preflight learned: the products to trade, as the venue lists them. */
export interface PreflightResult {
  products: Product[];
}

/**
 * @param venueName how to name the venue in messages, e.g. "the Coinbase sandbox".
 * @param options `accounts: false` skips the balance read (public data only).
 * @throws {ConfigError} when the venue cannot be reached, refuses the credentials, or does not
 *   list (or does not trade) a requested product.
 */
export async function preflight(
  client: Pick<CoinbaseExchangeClient, 'getProducts' | 'getAccounts'>,
  productIds: readonly string[],
  venueName: string,
  options: { accounts?: boolean } = {},
): Promise<PreflightResult> {
  let listed: Product[];
  try {
    listed = await client.getProducts();
    // A paper run has no key: it reads only the public product list.
    if (options.accounts !== false) await client.getAccounts();
  } catch (error) {
    throw describeFailure(error, venueName);
  }
  const byId = new Map(listed.map((product) => [product.id as string, product]));
  return { products: requireTradedProducts(byId, productIds, venueName) };
}

/** The fields both Coinbase APIs list a product's trading state in. */
interface ListedProduct {
  status: string;
  cancel_only: boolean;
  trading_disabled?: boolean;
  is_disabled?: boolean;
}

/**
 * The requested products, in the order asked, from the venue's list (by product id).
 * Shared by the Exchange and the Advanced Trade preflights.
 * @throws {ConfigError} for a product the venue does not list, or does not trade right now.
 */
export function requireTradedProducts<Listed extends ListedProduct>(
  byId: ReadonlyMap<string, Listed>,
  productIds: readonly string[],
  venueName: string,
): Listed[] {
  return productIds.map((productId) => {
    const product = byId.get(productId);
    if (product === undefined) {
      const available = [...byId.keys()].sort().slice(0, 12).join(', ');
      throw new ConfigError(
        `Product ${productId} is not offered by ${venueName}; choose from ${available}${byId.size > 12 ? ', …' : ''} with --products.`,
      );
    }
    if (
      product.status !== 'online' ||
      product.trading_disabled === true ||
      product.is_disabled === true ||
      product.cancel_only
    )
      throw new ConfigError(
        `Product ${productId} is not trading on ${venueName} right now (status ${product.status}${
          product.cancel_only ? ', cancel only' : ''
        }); choose another with --products.`,
      );
    return product;
  });
}

function describeFailure(error: unknown, venueName: string): unknown {
  if (AuthenticationError.isInstance(error)) {
    switch (error.reason) {
      case 'invalid_api_key':
        return new ConfigError(
          `${capitalized(venueName)} does not know the key in COINBASE_API_KEY ("Invalid API Key"); sandbox and production keys are separate, so create the key on the venue you connect to.`,
          { cause: error },
        );
      case 'invalid_passphrase':
        return new ConfigError(
          `${capitalized(venueName)} refused COINBASE_API_PASSPHRASE ("Invalid Passphrase"); set it to the passphrase chosen when the key was created.`,
          { cause: error },
        );
      case 'invalid_signature':
        return new ConfigError(
          `${capitalized(venueName)} refused the request signature ("invalid signature"), so COINBASE_API_SECRET does not belong to COINBASE_API_KEY; copy the secret of that key again.`,
          { cause: error },
        );
      case 'timestamp_expired':
        return new ConfigError(
          `${capitalized(venueName)} refused the request time ("request timestamp expired")${
            error.clockSkewMs === undefined
              ? ''
              : `: this machine's clock is ${Math.round(Math.abs(error.clockSkewMs) / 1000)} s off`
          }; synchronize the system clock (NTP) and start again.`,
          { cause: error },
        );
      default:
        return new ConfigError(
          `${capitalized(venueName)} refused the credentials (${error.exchangeMessage ?? error.reason}); check COINBASE_API_KEY, COINBASE_API_SECRET and COINBASE_API_PASSPHRASE.`,
          { cause: error },
        );
    }
  }
  if (PermissionError.isInstance(error)) {
    return new ConfigError(
      `The API key may not read balances on ${venueName} (403 ${error.exchangeMessage ?? 'Forbidden'}); give the key the view and trade permissions.`,
      { cause: error },
    );
  }
  if (NetworkError.isInstance(error) || TimeoutError.isInstance(error)) {
    return new ConfigError(
      `Could not reach ${venueName} (${error.message}); check the network, or COINBASE_REST_URL if you set it.`,
      { cause: error },
    );
  }
  return error;
}

/** `text` with its first letter upper-case, for a venue name that starts a sentence. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
