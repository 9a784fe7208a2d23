/**
 * Feed ingest, `l2update` messages per second from text frame to updated book, on one seeded
 * stream: `@tradeloop/websocket` (`parseFeedMessage`, which validates the frame, then
 * `Level2Book.applyUpdate`, exact decimal strings) against `JSON.parse` alone (the floor: no
 * book at all) and against ccxt pro's Coinbase Exchange handler (`JSON.parse`, then
 * `handleOrderBook`, which parses prices to floats and `store`s them in its `OrderBook` sides).
 * Both books are checked to agree on the top of the book after the stream, so they did the same work.
 */

import { Level2Book, parseFeedMessage } from '@tradeloop/websocket';
import {
  measureAlternating,
  printRow,
  scaled,
  smoke,
  throughputFigure,
} from '@tradeloop-internal/bench-harness';
import ccxt from 'ccxt';
import { level2Stream } from '../support/level2-stream.js';

const stream = level2Stream({ levels: smoke ? 500 : 5_000, updates: smoke ? 1 << 12 : 1 << 16, seed: 7 });
const frames = stream.updateFrames;
const mask = frames.length - 1;

const tradeloopBook = new Level2Book(stream.productId);
tradeloopBook.applySnapshot(stream.snapshot);

const ccxtExchange = new ccxt.pro.coinbaseexchange({});
// The handler only reads `subscriptions` (for a depth limit) and wakes waiting watchers with `resolve`;
// nobody waits here, so resolving is a no-op (which spares ccxt its promise work: in its favour).
const ccxtClient = { url: 'ws://127.0.0.1/', subscriptions: {}, resolve: () => {} };
type CcxtClient = Parameters<typeof ccxtExchange.handleOrderBook>[0];
ccxtExchange.handleOrderBook(ccxtClient as unknown as CcxtClient, JSON.parse(stream.snapshotFrame));
const ccxtSymbol = 'BTC/USD';

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
  const message = parseFeedMessage(nextTradeloopFrame());
  if (message.type === 'l2update') tradeloopBook.applyUpdate(message);
  ccxtExchange.handleOrderBook(ccxtClient as unknown as CcxtClient, JSON.parse(nextCcxtFrame()));
}
const ccxtBook = ccxtExchange.orderbooks[ccxtSymbol] as unknown as {
  bids: Array<[number, number]>;
  asks: Array<[number, number]>;
};
const tradeloopTop = `${tradeloopBook.bestBid()?.price} / ${tradeloopBook.bestAsk()?.price}`;
const ccxtTop = `${ccxtBook.bids[0]?.[0]} / ${ccxtBook.asks[0]?.[0]}`;
if (
  Number(tradeloopBook.bestBid()?.price) !== ccxtBook.bids[0]?.[0] ||
  Number(tradeloopBook.bestAsk()?.price) !== ccxtBook.asks[0]?.[0]
) {
  throw new Error(
    `expected both books to agree after the stream; tradeloop ${tradeloopTop}, ccxt ${ccxtTop}`,
  );
}

const results = await measureAlternating(
  [
    {
      name: '@tradeloop/websocket parseFeedMessage + Level2Book',
      run: (iterations) => {
        for (let index = 0; index < iterations; index += 1) {
          const message = parseFeedMessage(nextTradeloopFrame());
          if (message.type === 'l2update') tradeloopBook.applyUpdate(message);
        }
        sink += tradeloopBook.bidLevels;
      },
    },
    {
      name: 'JSON.parse alone (no book)',
      run: (iterations) => {
        for (let index = 0; index < iterations; index += 1) {
          sink += (JSON.parse(nextParseFrame()) as { changes: unknown[] }).changes.length;
        }
      },
    },
    {
      name: `ccxt ${ccxt.version} pro handleOrderBook (OrderBook store)`,
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
  id: 'feed-ingest',
  title: `Feed ingest: l2update messages/s, text frame to updated book (${stream.snapshot.bids.length} levels a side)`,
  better: 'higher',
  candidate: tradeloop!,
  baselines: [parseOnly!, ccxtResult!],
  note: 'one seeded stream (1–3 changes a message, 30 % removals, most within 20 ticks of the top) fed to all three; both books are checked to agree on the top of the book first; tradeloop from its built dist and ccxt pro from its npm release build, as users install both',
});
if (sink === 0) console.log('(no message was applied)');
