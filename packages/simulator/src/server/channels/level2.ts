import type { ExchangeApi } from '../../exchange/contract.js';
import { type ChannelDefinition, isoMicros } from './channel.js';

/** `level2` (authenticated): a full aggregated `snapshot`, then one `l2update` per book change. */
export const level2Channel: ChannelDefinition = {
  name: 'level2',
  requiresAuth: true,
  requiresProducts: true,
  initialMessages: ({ exchange }, productId) => [level2Snapshot(exchange, productId)],
};

/** The whole aggregated book as `[price, size]` levels, best first. */
export function level2Snapshot(exchange: ExchangeApi, productId: string): Record<string, unknown> {
  const book = exchange.book(productId, 2);
  const levels = (side: Array<[string, string, number | string]>) =>
    side.map(([price, size]) => [price, size]);
  return {
    type: 'snapshot',
    product_id: productId,
    bids: book.ok ? levels(book.value.bids) : [],
    asks: book.ok ? levels(book.value.asks) : [],
    time: book.ok ? book.value.time : isoMicros(exchange.now()),
  };
}
