import type { ChannelDescriptor, MessageDescriptor } from './channel.js';

/** `heartbeat`: the product's latest sequence (not consuming one), once a second. */
export const heartbeatMessage: MessageDescriptor = {
  type: 'heartbeat',
  required: [
    ['product_id', 'string'],
    ['sequence', 'number'],
  ],
  role: 'heartbeat',
};

/** `heartbeat`: liveness and the gap check before a quiet spell; added automatically per product. */
export const heartbeatChannel = {
  name: 'heartbeat',
  requiresAuth: false,
  productless: false,
  watchedByHeartbeat: false,
  messages: [heartbeatMessage],
} as const satisfies ChannelDescriptor;
