import type { ChannelDescriptor } from './channel.js';
import { level2SnapshotMessage, level2UpdateMessage } from './level2.js';

/** `level2_batch` (alias `level2_50`, no auth): the level2 schema, updates merged every 50 ms. Feeds the level-2 book. */
export const level2BatchChannel = {
  name: 'level2_batch',
  aliases: ['level2_50'],
  requiresAuth: false,
  productless: false,
  watchedByHeartbeat: true,
  feedsBook: 'level2',
  messages: [level2SnapshotMessage, level2UpdateMessage],
} as const satisfies ChannelDescriptor;
