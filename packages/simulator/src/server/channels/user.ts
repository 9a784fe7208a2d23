import type { ChannelDefinition } from './channel.js';

/** `user` (authenticated): the `full` messages of the caller's own orders, with the private fields. */
export const userChannel: ChannelDefinition = { name: 'user', requiresAuth: true, requiresProducts: true };
