import type { Level2Book } from '@tradeloop/websocket';
import { measureAlternating, printRow, scaled, throughputFigure } from '@tradeloop-internal/bench-harness';

/** A ccxt pro exchange, as far as its order-book handler goes. */
export interface CcxtBookHandler {
  handleOrderBook(client: never, message: unknown): void;
  orderbooks: Record<string, unknown>;
}

/** One level-2 ingest row: tradeloop's path from text frame to book beside `JSON.parse` alone and ccxt pro's handler. */
export interface Level2IngestRow {
  id: string;
  title: string;
  note: string;
  /** The snapshot frame (already applied to `tradeloop.book`; applied to ccxt's here). */
  snapshotFrame: string;
  /** The update frames, a power of two of them (read in a loop). */
  frames: readonly string[];
  tradeloop: { name: string; book: Level2Book; ingest: (frame: string) => void };
  ccxt: { name: string; exchange: CcxtBookHandler };
  /** What the `JSON.parse` floor reads of a parsed frame (so the parse is not optimised away). */
  touch: (parsed: unknown) => number;
}

/**
 * Feeds the same frames to all three, checks after one pass that the tradeloop and ccxt books hold
 * the same best bid and ask (price and size) and the same number of bid levels, so they did the
 * same work, then measures them in alternating rounds and prints the row.
 */
export async function measureLevel2Ingest(row: Level2IngestRow): Promise<void> {
  const { frames, tradeloop } = row;
  const mask = frames.length - 1;
  const positionsFrom = (start: number) => {
    let position = start;
    return () => frames[position++ & mask] as string;
  };
  // The handler reads `subscriptions` (for a depth limit) and wakes waiting watchers with `resolve`;
  // nobody waits here, so resolving is a no-op (which spares ccxt its promise work: in its favour).
  const ccxtClient = { url: 'ws://127.0.0.1/', subscriptions: {}, resolve: () => {} } as never;
  const exchange = row.ccxt.exchange;
  exchange.handleOrderBook(ccxtClient, JSON.parse(row.snapshotFrame));
  // Without loaded markets ccxt keys the book by what its handler makes of the product id.
  const ccxtBook = Object.values(exchange.orderbooks)[0] as {
    bids: Array<[number, number]>;
    asks: Array<[number, number]>;
  };
  const nextTradeloopFrame = positionsFrom(0);
  const nextParseFrame = positionsFrom(0);
  const nextCcxtFrame = positionsFrom(0);
  let sink = 0;

  for (let index = 0; index < frames.length; index += 1) {
    tradeloop.ingest(nextTradeloopFrame());
    exchange.handleOrderBook(ccxtClient, JSON.parse(nextCcxtFrame()));
  }
  const bid = tradeloop.book.bestBid();
  const ask = tradeloop.book.bestAsk();
  const tradeloopTop = `${bid?.price}@${bid?.size} / ${ask?.price}@${ask?.size} (${tradeloop.book.bidLevels} bid levels)`;
  const ccxtTop = `${ccxtBook?.bids[0]?.[0]}@${ccxtBook?.bids[0]?.[1]} / ${ccxtBook?.asks[0]?.[0]}@${ccxtBook?.asks[0]?.[1]} (${ccxtBook?.bids.length} bid levels)`;
  if (
    !tradeloop.book.trusted ||
    Number(bid?.price) !== ccxtBook?.bids[0]?.[0] ||
    Number(bid?.size) !== ccxtBook?.bids[0]?.[1] ||
    Number(ask?.price) !== ccxtBook?.asks[0]?.[0] ||
    Number(ask?.size) !== ccxtBook?.asks[0]?.[1] ||
    tradeloop.book.bidLevels !== ccxtBook.bids.length
  ) {
    throw new Error(
      `expected both books to agree after the stream; tradeloop ${tradeloopTop}, ccxt ${ccxtTop}`,
    );
  }

  const results = await measureAlternating(
    [
      {
        name: tradeloop.name,
        run: (iterations) => {
          for (let index = 0; index < iterations; index += 1) tradeloop.ingest(nextTradeloopFrame());
          sink += tradeloop.book.bidLevels;
        },
      },
      {
        name: 'JSON.parse alone (no book)',
        run: (iterations) => {
          for (let index = 0; index < iterations; index += 1) sink += row.touch(JSON.parse(nextParseFrame()));
        },
      },
      {
        name: row.ccxt.name,
        run: (iterations) => {
          for (let index = 0; index < iterations; index += 1)
            exchange.handleOrderBook(ccxtClient, JSON.parse(nextCcxtFrame()));
          sink += ccxtBook.bids.length;
        },
      },
    ],
    { iterations: scaled(100_000) },
  );
  const [candidate, parseOnly, ccxtResult] = results.map((result) => throughputFigure(result, 'messages/s'));
  printRow({
    id: row.id,
    title: row.title,
    better: 'higher',
    candidate: candidate!,
    baselines: [parseOnly!, ccxtResult!],
    note: row.note,
  });
  if (sink === 0) console.log('(no message was applied)');
}
