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
  await probeFeed({
    feed,
    listen: (fail) => {
      feed.on('disconnected', ({ detail, reason }) => fail(new Error(detail === '' ? reason : detail)));
      feed.on('error', fail);
    },
    subscribe: () => feed.subscribe(['user'], options.productIds),
    refused: (detail, cause) =>
      new ConfigError(
        `The WebSocket feed of ${options.venueName} refused the authenticated subscription (${detail}); check that COINBASE_WS_URL belongs to the same exchange as COINBASE_REST_URL.`,
        { cause },
      ),
    unreachable: (detail, cause) =>
      new ConfigError(
        `Could not open the WebSocket feed at ${options.url} (${detail}); check COINBASE_WS_URL, or the network.`,
        { cause },
      ),
  });
}

/**
 * Connects a feed, subscribes once and closes it, within {@link FEED_CHECK_TIMEOUT_MS}; a failure
 * becomes the ConfigError the caller words (`refused`: the subscription; `unreachable`: the rest).
 * Shared by the Exchange and the Advanced Trade checks.
 */
export async function probeFeed(probe: {
  feed: { connect(): Promise<void>; close(): Promise<void> };
  /** Attaches the feed's failure events to `fail`. */
  listen(fail: (error: unknown) => void): void;
  subscribe(): Promise<void>;
  refused(detail: string, cause: unknown): ConfigError;
  unreachable(detail: string, cause: unknown): ConfigError;
}): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    probe.listen(reject);
    timer = setTimeout(
      () => reject(new Error(`no answer within ${FEED_CHECK_TIMEOUT_MS / 1000} s`)),
      FEED_CHECK_TIMEOUT_MS,
    );
  });
  failed.catch(() => {});
  try {
    await Promise.race([probe.feed.connect(), failed]);
    try {
      await Promise.race([probe.subscribe(), failed]);
    } catch (error) {
      throw probe.refused(describe(error), error);
    }
  } catch (error) {
    if (ConfigError.isInstance(error)) throw error;
    throw probe.unreachable(describe(error), error);
  } finally {
    clearTimeout(timer);
    await probe.feed.close();
  }
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
