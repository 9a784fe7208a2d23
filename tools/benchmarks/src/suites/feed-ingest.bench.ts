/**
 * Feed ingest, `l2update` messages per second from text frame to updated book, on one seeded
 * stream: `@tradeloop/websocket` (`parseFeedMessage`, which validates the frame, then
 * `Level2Book.applyUpdate`, exact decimal strings) against `JSON.parse` alone (the floor: no
 * book at all) and against ccxt pro's Coinbase Exchange handler (`JSON.parse`, then
 * `handleOrderBook`, which parses prices to floats and `store`s them in its `OrderBook` sides).
 * Both books are checked to agree on the top of the book after the stream, so they did the same work.
 */

import { Level2Book, parseFeedMessage } from '@tradeloop/websocket';
import { smoke } from '@tradeloop-internal/bench-harness';
import ccxt from 'ccxt';
import { type CcxtBookHandler, measureLevel2Ingest } from '../support/level2-ingest.js';
import { level2Stream } from '../support/level2-stream.js';

const stream = level2Stream({ levels: smoke ? 500 : 5_000, updates: smoke ? 1 << 12 : 1 << 16, seed: 7 });

const book = new Level2Book(stream.productId);
book.applySnapshot(stream.snapshot);

await measureLevel2Ingest({
  id: 'feed-ingest',
  title: `Feed ingest: l2update messages/s, text frame to updated book (${stream.snapshot.bids.length} levels a side)`,
  note: 'one seeded stream (1–3 changes a message, 30 % removals, most within 20 ticks of the top) fed to all three; both books are checked to agree on the best bid and ask and the number of bid levels first; tradeloop from its built dist and ccxt pro from its npm release build, as users install both',
  snapshotFrame: stream.snapshotFrame,
  frames: stream.updateFrames,
  tradeloop: {
    name: '@tradeloop/websocket parseFeedMessage + Level2Book',
    book,
    ingest: (frame) => {
      const message = parseFeedMessage(frame);
      if (message.type === 'l2update') book.applyUpdate(message);
    },
  },
  ccxt: {
    name: `ccxt ${ccxt.version} pro handleOrderBook (OrderBook store)`,
    exchange: new ccxt.pro.coinbaseexchange({}) as unknown as CcxtBookHandler,
  },
  touch: (parsed) => (parsed as { changes: unknown[] }).changes.length,
});
