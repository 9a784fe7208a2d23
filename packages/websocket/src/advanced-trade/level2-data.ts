import type { Level2Book } from '../books/level2-book.js';
import type { Level2DataEvent } from './messages.js';

/**
 * Applies one `l2_data` event to a level-2 book: a `snapshot` replaces it (and makes it trusted),
 * an `update` sets each level's absolute `new_quantity` (`"0"` removes it). Advanced Trade's
 * `bid`/`offer` sides map to the book's `buy`/`sell`.
 *
 * @returns which kind of event was applied.
 * @throws {InvalidBookValueError} for a price or quantity that is not a decimal (an update's earlier
 *   levels are applied: mark the book stale and resubscribe, as the feed does).
 */
export function applyLevel2Data(book: Level2Book, event: Level2DataEvent): 'snapshot' | 'update' {
  if (event.type === 'snapshot') {
    const bids: Array<[string, string]> = [];
    const asks: Array<[string, string]> = [];
    for (const update of event.updates)
      (update.side === 'bid' ? bids : asks).push([update.price_level, update.new_quantity]);
    book.applySnapshot({ bids, asks, time: event.updates[0]?.event_time });
    return 'snapshot';
  }
  book.applyUpdate({
    changes: event.updates.map((update) => [
      update.side === 'bid' ? 'buy' : 'sell',
      update.price_level,
      update.new_quantity,
    ]),
    time: event.updates[0]?.event_time,
  });
  return 'update';
}
