import type { FeedMessageType } from '../messages.js';

/** How a required field of a message is checked: its JavaScript type. */
export type FieldKind = 'string' | 'number' | 'array';

/** What the feed does with a message type beyond emitting it as its own event. */
export type MessageRole =
  /** A level-2 `snapshot`: (re)builds the product's level-2 book. */
  | 'level2-snapshot'
  /** An `l2update`: applied to the product's level-2 book. */
  | 'level2-update'
  /** A ticker: checks the books against the best bid and ask. */
  | 'ticker'
  /** A heartbeat: carries the product's latest sequence (gap check of sequenced channels). */
  | 'heartbeat'
  /** An order message of the sequenced stream: checked, fed to the level-3 book, and `order-updated` when private. */
  | 'order'
  /** A stop order placed: always private, never sequenced (`order-updated`). */
  | 'order-activation'
  /** The server's subscription set: answers the oldest subscribe or unsubscribe. */
  | 'subscription-reply'
  /** The server's `error`: answers a request it refuses, and is reported (never emitted as a message). */
  | 'server-error';

/** One message type a channel sends: the fields the feed relies on, and its role. */
export interface MessageDescriptor {
  type: FeedMessageType;
  /** Fields the message must carry for the feed and the books to use it safely (others pass through). */
  required: ReadonlyArray<readonly [field: string, kind: FieldKind]>;
  role?: MessageRole;
}

/** The book a channel keeps up to date. */
export type BookFed = 'level2' | 'level3';

/**
 * One channel of the Coinbase Exchange feed, described once: everything the feed needs to validate
 * a subscription, send it, parse what comes back and keep the books.
 */
export interface ChannelDescriptor {
  /** The canonical name, as sent. */
  name: string;
  /** Other names Coinbase accepts for it (e.g. `level2_50` for `level2_batch`); mapped to `name`. */
  aliases?: readonly string[];
  /** Only an authenticated subscribe may join. */
  requiresAuth: boolean;
  /**
   * True for a channel not per product (`status`, `balance`, `rfq_matches`): the call's
   * `productIds` are not applied to it and it may be subscribed without ids.
   */
  productless: boolean;
  /** The field its ids travel in. Default `product_ids`; `account_ids` for `balance`. */
  idsField?: 'product_ids' | 'account_ids';
  /** Products subscribed here also get the automatic `heartbeat` subscription (gap and liveness checks). */
  watchedByHeartbeat: boolean;
  /** The book this channel feeds, if any. */
  feedsBook?: BookFed;
  /** The messages it sends. A type sent by several channels is described once and shared. */
  messages: readonly MessageDescriptor[];
  /** Set when the client refuses the channel: why, and what to use instead. */
  unsupported?: string;
}
