import type { ChannelDefinition } from './channel.js';
import { tickerSnapshot } from './ticker.js';

/** `ticker_batch` (alias `ticker_1000`): the ticker schema, at most every 5 s per product when it changed. */
export const tickerBatchChannel: ChannelDefinition = {
  name: 'ticker_batch',
  aliases: ['ticker_1000'],
  requiresAuth: false,
  requiresProducts: true,
  initialMessages: (view, productId) => [tickerSnapshot(view, productId)],
};

/** How often `ticker_batch` publishes. */
export const tickerBatchIntervalMs = 5000;
