/** A price level as the consumer sees it: the exact wire strings. */
export interface BookLevelWire {
  readonly price: string;
  readonly size: string;
}

/** A level of a level-3 book, aggregated over its orders. */
export interface Level3BookLevel extends BookLevelWire {
  /** How many orders rest at this price. */
  readonly orderCount: number;
}

/** The top levels of both sides, best first. */
export interface BookDepth<Level extends BookLevelWire = BookLevelWire> {
  readonly bids: Level[];
  readonly asks: Level[];
}

/**
 * Why a book is not trusted right now:
 * - `awaiting-snapshot`: not synced yet (new subscription, or a resync in progress);
 * - `gap`: a sequence gap (level 3) — messages were lost;
 * - `crossed`: best bid ≥ best ask after a complete message;
 * - `ticker-mismatch`: the ticker's best bid/ask disagreed with the book;
 * - `reconnect`: the connection dropped, updates may have been missed;
 * - `invalid-update`: an update carried a malformed price or size;
 * - `buffer-overflow`: the level-3 sync buffer filled before the snapshot arrived;
 * - `snapshot-failed`: fetching the level-3 snapshot failed (it is retried);
 * - `unsubscribed`: the channel was unsubscribed; the book is no longer updated.
 */
export type BookStaleReason =
  | 'awaiting-snapshot'
  | 'gap'
  | 'crossed'
  | 'ticker-mismatch'
  | 'reconnect'
  | 'invalid-update'
  | 'buffer-overflow'
  | 'snapshot-failed'
  | 'unsubscribed';
