/**
 * The journal the soak's run would have left without compaction, rebuilt from the summary file
 * (which lists every order and fill of the run): per order an `order` record, its `order-id`,
 * its fills and its final status, as the order manager journals them. It is the baseline of the
 * soak's replay time: what a restart would read if the journal were never compacted.
 */
import type { JournalRecord } from '@tradeloop/strategy-kit';

/** The parts of the summary file the rebuild reads. */
export interface SummaryHistory {
  orders: {
    placed: Array<{
      clientOrderId: string;
      productId: string;
      side: 'buy' | 'sell';
      orderType: 'limit' | 'market' | 'stop';
      price?: string;
      size?: string;
      funds?: string;
      orderId?: string;
      status: string;
    }>;
  };
  fills: Array<{
    tradeId: string;
    orderId: string;
    clientOrderId?: string;
    productId: string;
    side: 'buy' | 'sell';
    price: string;
    size: string;
    fee: string;
    liquidity?: 'maker' | 'taker';
  }>;
}

/** The summary's orders and fills as journal records, in placement order. */
export function historyRecords(summary: SummaryHistory): JournalRecord[] {
  const fillsByOrder = new Map<string, SummaryHistory['fills']>();
  for (const fill of summary.fills) {
    const key = fill.clientOrderId ?? fill.orderId;
    fillsByOrder.set(key, [...(fillsByOrder.get(key) ?? []), fill]);
  }
  const records: JournalRecord[] = [];
  let at = 0;
  for (const order of summary.orders.placed) {
    at += 1;
    const { clientOrderId } = order;
    records.push({
      kind: 'order',
      at,
      origin: 'strategy',
      request: {
        clientOrderId,
        productId: order.productId,
        side: order.side,
        type: order.orderType,
        ...(order.price === undefined ? {} : { price: order.price }),
        ...(order.size === undefined ? {} : { size: order.size }),
        ...(order.funds === undefined ? {} : { funds: order.funds }),
        postOnly: true,
      },
    });
    if (order.orderId !== undefined)
      records.push({ kind: 'order-id', at, clientOrderId, orderId: order.orderId });
    const fills = [
      ...(fillsByOrder.get(clientOrderId) ?? []),
      ...(order.orderId === undefined ? [] : (fillsByOrder.get(order.orderId) ?? [])),
    ];
    for (const fill of fills)
      records.push({
        kind: 'fill',
        at,
        clientOrderId,
        fill: {
          tradeId: fill.tradeId,
          productId: fill.productId,
          orderId: fill.orderId,
          side: fill.side,
          price: fill.price,
          size: fill.size,
          fee: fill.fee,
          liquidity: fill.liquidity ?? 'maker',
          time: at,
        },
      });
    if (order.status === 'filled' || order.status === 'canceled' || order.status === 'rejected')
      records.push({ kind: 'status', at, clientOrderId, status: order.status });
  }
  return records;
}
