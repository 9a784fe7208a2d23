import type { ChannelDescriptor, MessageDescriptor } from './channel.js';

/** `ticker`: price and best bid/ask, on every match (and its last value on subscribe). */
export const tickerMessage: MessageDescriptor = {
  type: 'ticker',
  required: [
    ['product_id', 'string'],
    ['sequence', 'number'],
    ['price', 'string'],
  ],
  role: 'ticker',
};

/** `ticker`: one message per match; the books are checked against its best bid and ask. */
export const tickerChannel = {
  name: 'ticker',
  requiresAuth: false,
  productless: false,
  watchedByHeartbeat: true,
  messages: [tickerMessage],
} as const satisfies ChannelDescriptor;
