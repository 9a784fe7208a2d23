/**
 * Opens the WebSocket feed once before trading starts, and subscribes to the authenticated `user`
 * channel, so a wrong COINBASE_WS_URL or a key the feed refuses ends with one sentence instead of
 * a bot that retries forever in silence. (Once trading, the feed reconnects by itself.)
 */
import type { ExchangeCredentials } from '@tradeloop/auth';
import type { Clock } from '@tradeloop/clock';
import { CoinbaseFeed } from '@tradeloop/websocket';
import { ConfigError } from '../config-error.js';

/** How long the first connection and subscription may take. */
const FEED_CHECK_TIMEOUT_MS = 10_000;

/**
 * @throws {ConfigError} when the feed cannot be opened, or refuses the authenticated subscription.
 */
export async function checkFeed(options: {
  url: string;
  credentials: ExchangeCredentials;
  clock: Clock;
  productIds: readonly string[];
  venueName: string;
}): Promise<void> {
  const feed = new CoinbaseFeed({
    url: options.url,
    credentials: options.credentials,
    clock: options.clock,
    reconnect: false,
    heartbeat: false,
    // Only `user` is subscribed here: no level-3 book, so no snapshot source.
    books: { level3: false },
  });
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    feed.on('disconnected', ({ detail, reason }) => reject(new Error(detail === '' ? reason : detail)));
    feed.on('error', (error) => reject(error));
    timer = setTimeout(
      () => reject(new Error(`no answer within ${FEED_CHECK_TIMEOUT_MS / 1000} s`)),
      FEED_CHECK_TIMEOUT_MS,
    );
  });
  failed.catch(() => {});
  try {
    await Promise.race([feed.connect(), failed]);
    try {
      await Promise.race([feed.subscribe(['user'], options.productIds), failed]);
    } catch (error) {
      throw new ConfigError(
        `The WebSocket feed of ${options.venueName} refused the authenticated subscription (${describe(error)}); check that COINBASE_WS_URL belongs to the same exchange as COINBASE_REST_URL.`,
        { cause: error },
      );
    }
  } catch (error) {
    if (ConfigError.isInstance(error)) throw error;
    throw new ConfigError(
      `Could not open the WebSocket feed at ${options.url} (${describe(error)}); check COINBASE_WS_URL, or the network.`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
    await feed.close();
  }
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
