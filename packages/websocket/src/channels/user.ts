import type { ChannelDescriptor } from './channel.js';
import { orderMessages } from './full.js';

/** `user` (authenticated): the `full` messages of your own orders only. */
export const userChannel = {
  name: 'user',
  requiresAuth: true,
  productless: false,
  watchedByHeartbeat: true,
  messages: orderMessages,
} as const satisfies ChannelDescriptor;
