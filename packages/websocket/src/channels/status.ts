import type { ChannelDescriptor } from './channel.js';

/** `status`: the product and currency catalogue, on subscribe and then periodically. Not per product. */
export const statusChannel = {
  name: 'status',
  requiresAuth: false,
  productless: true,
  watchedByHeartbeat: false,
  messages: [
    {
      type: 'status',
      required: [
        ['products', 'array'],
        ['currencies', 'array'],
      ],
    },
  ],
} as const satisfies ChannelDescriptor;
