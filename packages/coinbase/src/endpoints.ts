import { PRODUCTION_URL, SANDBOX_URL } from '@tradeloop/rest';
import { PRODUCTION_FEED_URL, SANDBOX_FEED_URL } from '@tradeloop/websocket';
import { InvalidEndpointError } from './errors.js';

/** Where one Coinbase API environment lives: its REST origin and its feed. */
export interface CoinbaseEndpoint {
  /** REST origin, e.g. `https://api.exchange.coinbase.com`. */
  readonly restUrl: string;
  /** WebSocket feed, e.g. `wss://ws-feed.exchange.coinbase.com`. */
  readonly feedUrl: string;
  /** Further hosts of the same environment (direct feed, user-order feed), for classifying URLs. */
  readonly otherUrls?: readonly string[];
}

/** A Coinbase API environment: real money, or the public sandbox. */
export type CoinbaseEnvironment = 'production' | 'sandbox';

/**
 * The one table of Coinbase hosts. The URLs themselves come from the clients that own them
 * (`@tradeloop/rest`, `@tradeloop/websocket`), so there is no second copy to drift.
 */
export const coinbaseEndpoints = {
  exchange: {
    production: {
      restUrl: PRODUCTION_URL,
      feedUrl: PRODUCTION_FEED_URL,
      otherUrls: ['wss://ws-direct.exchange.coinbase.com'],
    },
    sandbox: {
      restUrl: SANDBOX_URL,
      feedUrl: SANDBOX_FEED_URL,
      otherUrls: ['wss://ws-direct.sandbox.exchange.coinbase.com'],
    },
  },
  // Advanced Trade (retail): not spoken by these clients, but its hosts trade real money too.
  advancedTrade: {
    production: {
      restUrl: 'https://api.coinbase.com',
      feedUrl: 'wss://advanced-trade-ws.coinbase.com',
      otherUrls: ['wss://advanced-trade-ws-user.coinbase.com'],
    },
    sandbox: {
      restUrl: 'https://api-sandbox.coinbase.com',
      feedUrl: 'wss://advanced-trade-ws-sandbox.coinbase.com',
      otherUrls: ['wss://advanced-trade-ws-user-sandbox.coinbase.com'],
    },
  },
} as const satisfies Record<string, Record<CoinbaseEnvironment, CoinbaseEndpoint>>;

/**
 * A URL's host as the venue knows it: lower-case, without trailing dots, with the port only when
 * it is not the scheme's default (`wss://API.Exchange.Coinbase.com.:443/` → `api.exchange.coinbase.com`).
 * Two URLs that reach the same server the same way have the same venue host.
 *
 * @throws InvalidEndpointError when `url` is not an absolute URL.
 */
export function venueHost(url: string): string {
  const parsed = parseEndpointUrl(url);
  const hostname = canonicalHostname(parsed);
  const defaultPort = DEFAULT_PORTS[parsed.protocol];
  return parsed.port === '' || parsed.port === defaultPort ? hostname : `${hostname}:${parsed.port}`;
}

/**
 * Which Coinbase environment a URL reaches, whatever its case, trailing dot, port or path:
 * `production` for any production host in {@link coinbaseEndpoints} and for any other
 * `*.coinbase.com` host (an unknown Coinbase host is taken for real money), `sandbox` for the
 * sandbox hosts, `undefined` for anything else (the simulator on loopback, a proxy).
 *
 * @throws InvalidEndpointError when `url` is not an absolute URL.
 * @example coinbaseEnvironmentOf('HTTPS://API.EXCHANGE.COINBASE.COM.:443') // 'production'
 */
export function coinbaseEnvironmentOf(url: string): CoinbaseEnvironment | undefined {
  const hostname = canonicalHostname(parseEndpointUrl(url));
  const known = KNOWN_HOSTS.get(hostname);
  if (known !== undefined) return known;
  return hostname === 'coinbase.com' || hostname.endsWith('.coinbase.com') ? 'production' : undefined;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  'http:': '80',
  'ws:': '80',
  'https:': '443',
  'wss:': '443',
};

/** Every host of the table, with its environment. */
const KNOWN_HOSTS: ReadonlyMap<string, CoinbaseEnvironment> = new Map(
  Object.values(coinbaseEndpoints).flatMap((environments) =>
    (Object.entries(environments) as Array<[CoinbaseEnvironment, CoinbaseEndpoint]>).flatMap(
      ([environment, endpoint]) =>
        [endpoint.restUrl, endpoint.feedUrl, ...(endpoint.otherUrls ?? [])].map(
          (url) => [canonicalHostname(new URL(url)), environment] as const,
        ),
    ),
  ),
);

function parseEndpointUrl(url: string): URL {
  try {
    return new URL(url);
  } catch (error) {
    throw new InvalidEndpointError(url, 'an absolute URL such as https://api.exchange.coinbase.com', {
      cause: error,
    });
  }
}

/** The WHATWG parser already lower-cases and decodes the host; a fully-qualified trailing dot stays. */
function canonicalHostname(url: URL): string {
  return url.hostname.toLowerCase().replace(/\.+$/, '');
}

/**
 * The REST origin that serves the same exchange as a feed URL: a known Coinbase feed maps to its
 * REST host; any other `ws://host:port` / `wss://host:port` (the simulator on loopback, a proxy)
 * maps to `http://host:port` / `https://host:port`.
 *
 * @throws InvalidEndpointError when `feedUrl` is not a ws(s) URL: guessing production there
 *   would send a sandbox or simulator bot's requests to the real exchange.
 * @example restUrlForFeed('ws://127.0.0.1:8080') // 'http://127.0.0.1:8080'
 */
export function restUrlForFeed(feedUrl: string): string {
  for (const environments of Object.values(coinbaseEndpoints))
    for (const endpoint of Object.values(environments) as CoinbaseEndpoint[])
      if (withoutTrailingSlash(feedUrl) === endpoint.feedUrl) return endpoint.restUrl;
  let url: URL;
  try {
    url = new URL(feedUrl);
  } catch (error) {
    throw new InvalidEndpointError(feedUrl, 'a feed URL such as ws://127.0.0.1:8080', { cause: error });
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    throw new InvalidEndpointError(feedUrl, 'a feed URL with the ws: or wss: scheme');
  return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
}

function withoutTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
