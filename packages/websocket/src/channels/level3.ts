import type { ChannelDescriptor } from './channel.js';

/** `level3` (authenticated): the compact encoding of `full`. Known, refused: `full` carries the same data. */
export const level3Channel = {
  name: 'level3',
  requiresAuth: true,
  productless: false,
  watchedByHeartbeat: true,
  messages: [],
  unsupported:
    'the compact level3 channel is not supported; subscribe to "full" for level-3 books (same data, same sequences)',
} as const satisfies ChannelDescriptor;
