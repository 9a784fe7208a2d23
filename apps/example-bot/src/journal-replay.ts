/**
 * What a restarted bot finds in its order journal: the runtime opens the journal and lists the
 * orders it restored; they go to the summary, so a restarted bot reports everything it placed.
 */
import type { JournaledOrder, Runtime } from '@tradeloop/strategy-kit';
import { describeFill, type EmitBotEvent } from './activity-reporter.js';
import type { RestoredOrder, RunRecorder } from './output/summary.js';

/**
 * Hands the orders the runtime restores from its journal (at start, before reconciling) to the
 * recorder, and reports what a journal file held.
 */
export function recordJournalReplay(runtime: Runtime, recorder: RunRecorder, emit: EmitBotEvent): void {
  runtime.on('journal-replayed', ({ orders, repairedTornTail, path, uncleanStop }) => {
    const restored = orders.map(restoredOrder);
    recorder.restore(restored);
    if (path === undefined || (orders.length === 0 && !repairedTornTail && !uncleanStop)) return;
    emit({
      type: 'journal-replayed',
      path,
      orders: orders.length,
      working: restored.filter((order) => order.status === 'placed' || order.status === 'open').length,
      fills: restored.reduce((count, order) => count + order.fills.length, 0),
      repairedTornTail,
      uncleanStop,
    });
  });
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
