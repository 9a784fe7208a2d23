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
import {
  measureAlternating,
  printRow,
  scaled,
  smoke,
  throughputFigure,
} from '@tradeloop-internal/bench-harness';
import ccxt from 'ccxt';
import { advancedTradeLevel2Frames } from '../support/advanced-trade-level2-stream.js';
import { level2Stream } from '../support/level2-stream.js';

const stream = level2Stream({ levels: smoke ? 500 : 5_000, updates: smoke ? 1 << 12 : 1 << 16, seed: 7 });
const { snapshotFrame, updateFrames: frames } = advancedTradeLevel2Frames(stream);
const mask = frames.length - 1;

/** The tradeloop path: parse and check the envelope, then apply each `l2_data` event. */
function ingest(book: Level2Book, frame: string): void {
  const message = parseAdvancedTradeMessage(frame);
  if ('channel' in message && message.channel === 'l2_data') {
    for (const event of message.events as AdvancedTradeMessages.Level2DataEvent[])
      applyLevel2Data(book, event);
  }
}

const tradeloopBook = new Level2Book(stream.productId);
ingest(tradeloopBook, snapshotFrame);

const ccxtExchange = new ccxt.pro.coinbase({});
// The handler reads `subscriptions` (for a depth limit) and wakes waiting watchers with `resolve`;
// nobody waits here, so resolving is a no-op (which spares ccxt its promise work: in its favour).
const ccxtClient = { url: 'ws://127.0.0.1/', subscriptions: {}, resolve: () => {} };
type CcxtClient = Parameters<typeof ccxtExchange.handleOrderBook>[0];
ccxtExchange.handleOrderBook(ccxtClient as unknown as CcxtClient, JSON.parse(snapshotFrame));
// Without loaded markets ccxt keys the book by the product id itself.
const ccxtSymbol = Object.keys(ccxtExchange.orderbooks)[0] ?? 'none';

function positionsFrom(start: number) {
  let position = start;
  return () => frames[position++ & mask] as string;
}

const nextTradeloopFrame = positionsFrom(0);
const nextParseFrame = positionsFrom(0);
const nextCcxtFrame = positionsFrom(0);
let sink = 0;

// Sanity: after one pass of the whole stream both books hold the same top of book.
for (let index = 0; index < frames.length; index += 1) {
  ingest(tradeloopBook, nextTradeloopFrame());
  ccxtExchange.handleOrderBook(ccxtClient as unknown as CcxtClient, JSON.parse(nextCcxtFrame()));
}
const ccxtBook = ccxtExchange.orderbooks[ccxtSymbol] as unknown as {
  bids: Array<[number, number]>;
  asks: Array<[number, number]>;
};
const tradeloopTop = `${tradeloopBook.bestBid()?.price}@${tradeloopBook.bestBid()?.size} / ${tradeloopBook.bestAsk()?.price}@${tradeloopBook.bestAsk()?.size}`;
const ccxtTop = `${ccxtBook?.bids[0]?.[0]}@${ccxtBook?.bids[0]?.[1]} / ${ccxtBook?.asks[0]?.[0]}@${ccxtBook?.asks[0]?.[1]}`;
if (
  !tradeloopBook.trusted ||
  Number(tradeloopBook.bestBid()?.price) !== ccxtBook?.bids[0]?.[0] ||
  Number(tradeloopBook.bestBid()?.size) !== ccxtBook?.bids[0]?.[1] ||
  Number(tradeloopBook.bestAsk()?.price) !== ccxtBook?.asks[0]?.[0] ||
  Number(tradeloopBook.bestAsk()?.size) !== ccxtBook?.asks[0]?.[1] ||
  tradeloopBook.bidLevels !== ccxtBook.bids.length
) {
  throw new Error(
    `expected both books to agree after the stream; tradeloop ${tradeloopTop} (${tradeloopBook.bidLevels} bid levels), ccxt ${ccxtTop} (${ccxtBook?.bids.length} bid levels)`,
  );
}

const results = await measureAlternating(
  [
    {
      name: '@tradeloop/websocket parseAdvancedTradeMessage + applyLevel2Data',
      run: (iterations) => {
        for (let index = 0; index < iterations; index += 1) ingest(tradeloopBook, nextTradeloopFrame());
        sink += tradeloopBook.bidLevels;
      },
    },
    {
      name: 'JSON.parse alone (no book)',
      run: (iterations) => {
        for (let index = 0; index < iterations; index += 1) {
          sink += (JSON.parse(nextParseFrame()) as { events: unknown[] }).events.length;
        }
      },
    },
    {
      name: `ccxt ${ccxt.version} pro coinbase handleOrderBook (OrderBook store)`,
      run: (iterations) => {
        for (let index = 0; index < iterations; index += 1) {
          ccxtExchange.handleOrderBook(ccxtClient as unknown as CcxtClient, JSON.parse(nextCcxtFrame()));
        }
        sink += ccxtBook.bids.length;
      },
    },
  ],
  { iterations: scaled(100_000) },
);
const [tradeloop, parseOnly, ccxtResult] = results.map((result) => throughputFigure(result, 'messages/s'));
printRow({
  id: 'advanced-trade-ingest',
  title: `Advanced Trade level-2 ingest: l2_data messages/s, text frame to updated book (${stream.snapshot.bids.length} levels a side)`,
  better: 'higher',
  candidate: tradeloop!,
  baselines: [parseOnly!, ccxtResult!],
  note: "the feed-ingest row's seeded stream framed as Advanced Trade's l2_data (1–3 updates a message) fed to all three; both books are checked to agree on the top of the book and the number of bid levels first; tradeloop from its built dist and ccxt pro from its npm release build, as users install both",
});
if (sink === 0) console.log('(no message was applied)');
