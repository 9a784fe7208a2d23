import type { ChannelDefinition } from './channel.js';

/** `full` (authenticated): every order's received/open/done/match/change, plus the caller's own `activate`. */
export const fullChannel: ChannelDefinition = { name: 'full', requiresAuth: true, requiresProducts: true };
