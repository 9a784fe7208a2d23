/**
 * Advanced Trade level-2 ingest, `l2_data` messages per second from text frame to updated book, on
 * the seeded stream of the Exchange feed-ingest row framed as Advanced Trade sends it:
 * `@tradeloop/websocket` (`parseAdvancedTradeMessage`, then `applyLevel2Data` into a `Level2Book`:
 * the path `AdvancedTradeFeed` runs for every frame, exact decimal strings) against `JSON.parse`
 * alone (the floor: no book) and ccxt pro's `coinbase` handler (`JSON.parse`, then
 * `handleOrderBook`, which parses prices to floats and `store`s them in its `OrderBook` sides).
 * Both books are checked to agree on the top of the book after one pass, so they did the same work.
 */

import {
  type AdvancedTradeMessages,
  applyLevel2Data,
  Level2Book,
  parseAdvancedTradeMessage,
} from '@tradeloop/websocket';
import { smoke } from '@tradeloop-internal/bench-harness';
import ccxt from 'ccxt';
import { advancedTradeLevel2Frames } from '../support/advanced-trade-level2-stream.js';
import { type CcxtBookHandler, measureLevel2Ingest } from '../support/level2-ingest.js';
import { level2Stream } from '../support/level2-stream.js';

const stream = level2Stream({ levels: smoke ? 500 : 5_000, updates: smoke ? 1 << 12 : 1 << 16, seed: 7 });
const { snapshotFrame, updateFrames } = advancedTradeLevel2Frames(stream);

const book = new Level2Book(stream.productId);
/** The tradeloop path: parse and check the envelope, then apply each `l2_data` event. */
function ingest(frame: string): void {
  const message = parseAdvancedTradeMessage(frame);
  if ('channel' in message && message.channel === 'l2_data') {
    for (const event of message.events as AdvancedTradeMessages.Level2DataEvent[])
      applyLevel2Data(book, event);
  }
}
ingest(snapshotFrame);

await measureLevel2Ingest({
  id: 'advanced-trade-ingest',
  title: `Advanced Trade level-2 ingest: l2_data messages/s, text frame to updated book (${stream.snapshot.bids.length} levels a side)`,
  note: "the feed-ingest row's seeded stream framed as Advanced Trade's l2_data (1–3 updates a message) fed to all three; both books are checked to agree on the best bid and ask and the number of bid levels first; tradeloop from its built dist and ccxt pro from its npm release build, as users install both",
  snapshotFrame,
  frames: updateFrames,
  tradeloop: { name: '@tradeloop/websocket parseAdvancedTradeMessage + applyLevel2Data', book, ingest },
  ccxt: {
    name: `ccxt ${ccxt.version} pro coinbase handleOrderBook (OrderBook store)`,
    exchange: new ccxt.pro.coinbase({}) as unknown as CcxtBookHandler,
  },
  touch: (parsed) => (parsed as { events: unknown[] }).events.length,
});
