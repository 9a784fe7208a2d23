import type { ChannelDescriptor } from './channel.js';

/** `rfq_matches` (authenticated): request-for-quote trades. Not per product. */
export const rfqMatchesChannel = {
  name: 'rfq_matches',
  requiresAuth: true,
  productless: true,
  watchedByHeartbeat: false,
  messages: [{ type: 'rfq_match', required: [['product_id', 'string']] }],
} as const satisfies ChannelDescriptor;
