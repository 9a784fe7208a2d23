import type { ChannelDefinition } from './channel.js';

/** `matches`: only `match` messages, led by the product's `last_match` when a trade has happened. */
export const matchesChannel: ChannelDefinition = {
  name: 'matches',
  requiresAuth: false,
  requiresProducts: true,
  initialMessages: (view, productId) => {
    const last = view.lastMatch(productId);
    return last ? [{ ...last, type: 'last_match' }] : [];
  },
};
