import type { CoinbaseExchangeClient } from '@tradeloop/rest';
import type { Level3Snapshot, Level3SnapshotSource } from '@tradeloop/websocket';

/**
 * Level-3 snapshots from `GET /products/{id}/book?level=3` through a `@tradeloop/rest` client,
 * which brings Coinbase's public rate limit and retries (a resync storm waits for tokens instead
 * of getting the client blocked; Coinbase discourages polling level 3). The feed takes it as
 * `books.level3Snapshots`: `@tradeloop/websocket` does not depend on the REST client.
 *
 * @example
 * const rest = new CoinbaseExchangeClient({ sandbox: true });
 * const feed = new CoinbaseFeed({ credentials, sandbox: true, books: { level3Snapshots: level3SnapshotsFrom(rest) } });
 */
export function level3SnapshotsFrom(
  client: Pick<CoinbaseExchangeClient, 'getProductBook'>,
): Level3SnapshotSource {
  return async (productId: string): Promise<Level3Snapshot> => {
    const book = await client.getProductBook(productId, 3);
    return book.time === undefined
      ? { sequence: book.sequence, bids: book.bids, asks: book.asks }
      : { sequence: book.sequence, bids: book.bids, asks: book.asks, time: book.time };
  };
}
