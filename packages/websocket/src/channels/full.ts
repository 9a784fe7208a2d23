import type { ChannelDescriptor, MessageDescriptor } from './channel.js';

const order = ['product_id', 'string'] as const;

/** `received`: the matching engine accepted an order. */
export const receivedMessage: MessageDescriptor = {
  type: 'received',
  required: [order, ['sequence', 'number'], ['order_id', 'string'], ['side', 'string']],
  role: 'order',
};

/** `open`: the order's remainder rests on the book. */
export const openMessage: MessageDescriptor = {
  type: 'open',
  required: [
    order,
    ['sequence', 'number'],
    ['order_id', 'string'],
    ['side', 'string'],
    ['price', 'string'],
    ['remaining_size', 'string'],
  ],
  role: 'order',
};

/** `done`: the order left the book. A private `done` of an untriggered stop carries no sequence. */
export const doneMessage: MessageDescriptor = {
  type: 'done',
  required: [order, ['order_id', 'string'], ['side', 'string']],
  role: 'order',
};

/** `match`: a trade. */
export const matchMessage: MessageDescriptor = {
  type: 'match',
  required: [
    order,
    ['sequence', 'number'],
    ['maker_order_id', 'string'],
    ['taker_order_id', 'string'],
    ['price', 'string'],
    ['size', 'string'],
  ],
  role: 'order',
};

/** `change`: a resting order's size or price changed. */
export const changeMessage: MessageDescriptor = {
  type: 'change',
  required: [order, ['sequence', 'number'], ['order_id', 'string'], ['side', 'string']],
  role: 'order',
};

/** `activate`: one of your stop orders was placed (private, no sequence). */
export const activateMessage: MessageDescriptor = {
  type: 'activate',
  required: [order, ['order_id', 'string']],
  role: 'order-activation',
};

/** The order messages of `full` (and, filtered to your orders, of `user`). */
export const orderMessages = [
  receivedMessage,
  openMessage,
  doneMessage,
  matchMessage,
  changeMessage,
  activateMessage,
] as const;

/**
 * `full` (authenticated): every order's life, sequenced per product. Its products get sequence
 * checks and feed the level-3 book.
 */
export const fullChannel = {
  name: 'full',
  requiresAuth: true,
  productless: false,
  watchedByHeartbeat: true,
  feedsBook: 'level3',
  messages: orderMessages,
} as const satisfies ChannelDescriptor;
