import type { MessageDescriptor } from './channel.js';

/** Replies to a subscribe or unsubscribe, on no channel: the current set, or the server's refusal. */
export const protocolMessages: readonly MessageDescriptor[] = [
  { type: 'subscriptions', required: [['channels', 'array']], role: 'subscription-reply' },
  { type: 'error', required: [['message', 'string']], role: 'server-error' },
];
