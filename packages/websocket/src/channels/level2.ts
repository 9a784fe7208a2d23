import type { ChannelDescriptor, MessageDescriptor } from './channel.js';

/** `snapshot`: the whole aggregated book, first message of a level-2 subscription. */
export const level2SnapshotMessage: MessageDescriptor = {
  type: 'snapshot',
  required: [
    ['product_id', 'string'],
    ['bids', 'array'],
    ['asks', 'array'],
  ],
  role: 'level2-snapshot',
};

/** `l2update`: level changes. Its `changes` are checked entry by entry in the parser (the hot path). */
export const level2UpdateMessage: MessageDescriptor = {
  type: 'l2update',
  required: [
    ['product_id', 'string'],
    ['changes', 'array'],
  ],
  role: 'level2-update',
};

/** `level2` (authenticated): a `snapshot`, then one `l2update` per book change. Feeds the level-2 book. */
export const level2Channel = {
  name: 'level2',
  requiresAuth: true,
  productless: false,
  watchedByHeartbeat: true,
  feedsBook: 'level2',
  messages: [level2SnapshotMessage, level2UpdateMessage],
} as const satisfies ChannelDescriptor;
