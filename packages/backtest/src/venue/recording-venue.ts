import type { Venue, VenueEvent } from '@tradeloop/strategy-kit';
import { bookSnapshotMessage, tradeMessage } from '../data/market-messages.js';
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
    if (event.type === 'trade') sink.write(tradeMessage(event.trade, timeOf(event.trade.time)));
    else if (event.type === 'book')
      sink.write(bookSnapshotMessage(event.book, depth, timeOf(event.book.time)));
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
