/**
 * The order journal the runtime writes through: a file (whose earlier orders and fills are handed
 * to the summary, so a restarted bot reports everything it placed) or memory.
 */
import {
  FileJournal,
  type JournaledOrder,
  type JournalReplay,
  type JournalSink,
  MemoryJournal,
} from '@tradeloop/strategy-kit';
import { describeFill, type EmitBotEvent } from './activity-reporter.js';
import type { RestoredOrder, RunRecorder } from './output/summary.js';

/** A journal the runtime can write to and replay from. */
export type ReplayableJournal = JournalSink & { replay(): JournalReplay };

/**
 * Opens the journal at `path` (or one in memory when `undefined`), gives the orders it holds to
 * the recorder and reports what was found.
 *
 * @throws JournalError when the file cannot be read or written, or a line other than the last is corrupt.
 */
export function openJournal(
  path: string | undefined,
  recorder: RunRecorder,
  emit: EmitBotEvent,
): ReplayableJournal {
  if (path === undefined) {
    const memory = new MemoryJournal();
    return {
      append: (record) => memory.append(record),
      close: () => memory.close(),
      replay: () => memory.replay(),
    };
  }
  const { journal, replay } = FileJournal.open(path);
  const restored = [...replay.orders.values()].map(restoredOrder);
  recorder.restore(restored);
  if (replay.orders.size > 0 || replay.repairedTornTail) {
    emit({
      type: 'journal-replayed',
      path,
      orders: replay.orders.size,
      working: restored.filter((order) => order.status === 'placed' || order.status === 'open').length,
      fills: restored.reduce((count, order) => count + order.fills.length, 0),
      repairedTornTail: replay.repairedTornTail,
    });
  }
  return { append: (record) => journal.append(record), close: () => journal.close(), replay: () => replay };
}

/** An order as the journal remembers it, in the summary's words. */
export function restoredOrder(journaled: JournaledOrder): RestoredOrder {
  const request = journaled.request;
  const final = journaled.finalStatus?.status;
  const status =
    final === 'filled' || final === 'canceled' || final === 'rejected'
      ? final
      : journaled.orderId === undefined
        ? 'placed'
        : 'open';
  return {
    order: {
      clientOrderId: request.clientOrderId,
      productId: request.productId,
      side: request.side,
      orderType: request.type,
      ...(request.price === undefined ? {} : { price: request.price.toFixed() }),
      ...(request.size === undefined ? {} : { size: request.size.toFixed() }),
      ...(request.funds === undefined ? {} : { funds: request.funds.toFixed() }),
    },
    orderId: journaled.orderId,
    status,
    rejectReason: journaled.finalStatus?.reason,
    fills: journaled.fills.map((fill) => ({
      ...describeFill(fill, undefined),
      clientOrderId: fill.clientOrderId ?? request.clientOrderId,
    })),
  };
}
