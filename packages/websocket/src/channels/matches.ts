import type { ChannelDescriptor, MessageDescriptor } from './channel.js';
import { matchMessage } from './full.js';

/** `last_match`: the product's latest trade, first message of a `matches` subscription. */
export const lastMatchMessage: MessageDescriptor = {
  type: 'last_match',
  required: [
    ['product_id', 'string'],
    ['sequence', 'number'],
    ['price', 'string'],
    ['size', 'string'],
  ],
};

/** `matches`: trades only, led by `last_match`. */
export const matchesChannel = {
  name: 'matches',
  requiresAuth: false,
  productless: false,
  watchedByHeartbeat: true,
  messages: [lastMatchMessage, matchMessage],
} as const satisfies ChannelDescriptor;
