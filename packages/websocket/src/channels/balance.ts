import type { ChannelDescriptor } from './channel.js';

/** `balance` (authenticated): balance changes of the accounts named in `account_ids`. */
export const balanceChannel = {
  name: 'balance',
  requiresAuth: true,
  productless: true,
  idsField: 'account_ids',
  watchedByHeartbeat: false,
  messages: [{ type: 'balance', required: [['account_id', 'string']] }],
} as const satisfies ChannelDescriptor;
