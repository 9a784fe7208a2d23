import type { ChannelDescriptor } from './channel.js';

/** `auctionfeed`: the state of a product's opening auction. */
export const auctionfeedChannel = {
  name: 'auctionfeed',
  requiresAuth: false,
  productless: false,
  watchedByHeartbeat: true,
  messages: [{ type: 'auction', required: [['product_id', 'string']] }],
} as const satisfies ChannelDescriptor;
