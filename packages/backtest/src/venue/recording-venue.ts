import type { BookView, Venue, VenueEvent } from '@tradeloop/strategy-kit';
import type { RecordingMessage } from '../data/recording.js';

/** Where {@link recordMarketData} writes: a `RecordingWriter`, or anything with its `write`. */
export interface RecordingSink {
  write(message: RecordingMessage): void;
}

/** Options of {@link recordMarketData}. */
export interface RecordMarketDataOptions {
  /** Levels per side kept in each book snapshot. Default 50. */
  readonly bookDepth?: number;
}

/**
 * Wraps a venue so that the market data it streams (public trades, books) is also written as
 * recording messages, in the order the runtime receives it: run a strategy live (or on the
 * simulator) and backtest it later on exactly what it saw. Everything else passes through.
 * Books are written as snapshots of the top `bookDepth` levels, at most one per book event.
 *
 * @example
 * const writer = new RecordingWriter('./recordings/btc.jsonl', { products: ['BTC-USD'], channels: ['matches', 'level2'], startedAt: new Date().toISOString() });
 * const runtime = createRuntime({ venue: recordMarketData(venue, writer), strategy, productIds: ['BTC-USD'] });
 */
export function recordMarketData(
  venue: Venue,
  sink: RecordingSink,
  options: RecordMarketDataOptions = {},
): Venue {
  const depth = options.bookDepth ?? 50;
  let lastTime = Number.NEGATIVE_INFINITY;
  // Feeds can stamp a message a little before the previous one: the recording stays in order.
  const timeOf = (time: number) => {
    lastTime = Math.max(lastTime, time);
    return lastTime;
  };
  const record = (event: VenueEvent) => {
    if (event.type === 'trade') {
      const trade = event.trade;
      sink.write({
        type: 'trade',
        time: timeOf(trade.time),
        productId: trade.productId,
        tradeId: String(trade.tradeId),
        price: trade.price.toFixed(),
        size: trade.size.toFixed(),
        takerSide: trade.takerSide,
      });
    } else if (event.type === 'book') sink.write(snapshot(event.book, depth, timeOf(event.book.time)));
  };
  return new Proxy(venue, {
    get(target, property, receiver) {
      if (property === 'subscribe')
        return (subscription: Parameters<Venue['subscribe']>[0], listener: (event: VenueEvent) => void) =>
          target.subscribe(subscription, (event) => {
            record(event);
            listener(event);
          });
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function snapshot(book: BookView, depth: number, time: number): RecordingMessage {
  const levels = (list: ReturnType<BookView['bids']>) =>
    list.map((level) => [level.price.toFixed(), level.size.toFixed()] as const);
  return {
    type: 'book-snapshot',
    time,
    productId: book.productId,
    bids: levels(book.bids(depth)),
    asks: levels(book.asks(depth)),
  };
}
