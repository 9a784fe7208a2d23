import type { ChannelDescriptor } from './channel.js';
import { tickerMessage } from './ticker.js';

/** `ticker_batch` (alias `ticker_1000`): the ticker schema, at most every 5 s per product. */
export const tickerBatchChannel = {
  name: 'ticker_batch',
  aliases: ['ticker_1000'],
  requiresAuth: false,
  productless: false,
  watchedByHeartbeat: true,
  messages: [tickerMessage],
} as const satisfies ChannelDescriptor;
