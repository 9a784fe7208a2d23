import type { BookView, Trade } from '@tradeloop/strategy-kit';
import type { RecordedBookSnapshot, RecordedTrade } from './recording.js';

/** A public trade as a recording message, stamped `time`. */
export function tradeMessage(trade: Trade, time: number): RecordedTrade {
  return {
    type: 'trade',
    time,
    productId: trade.productId,
    tradeId: String(trade.tradeId),
    price: trade.price.toFixed(),
    size: trade.size.toFixed(),
    takerSide: trade.takerSide,
  };
}

/** The top `depth` levels of a book as a recording snapshot, stamped `time`. */
export function bookSnapshotMessage(book: BookView, depth: number, time: number): RecordedBookSnapshot {
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
