import { PRODUCTION_URL, SANDBOX_URL } from '@tradeloop/rest';
import { PRODUCTION_FEED_URL, SANDBOX_FEED_URL } from '@tradeloop/websocket';
import { InvalidEndpointError } from './errors.js';

/** Where one Coinbase API environment lives: its REST origin and its feed. */
export interface CoinbaseEndpoint {
  /** REST origin, e.g. `https://api.exchange.coinbase.com`. */
  readonly restUrl: string;
  /** WebSocket feed, e.g. `wss://ws-feed.exchange.coinbase.com`. */
  readonly feedUrl: string;
}

/**
 * The one table of Coinbase hosts. The URLs themselves come from the clients that own them
 * (`@tradeloop/rest`, `@tradeloop/websocket`), so there is no second copy to drift.
 */
export const coinbaseEndpoints = {
  exchange: {
    production: { restUrl: PRODUCTION_URL, feedUrl: PRODUCTION_FEED_URL },
    sandbox: { restUrl: SANDBOX_URL, feedUrl: SANDBOX_FEED_URL },
  },
} as const satisfies Record<string, Record<'production' | 'sandbox', CoinbaseEndpoint>>;

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
    for (const endpoint of Object.values(environments))
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
