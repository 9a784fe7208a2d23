import type { ExchangeApi } from '../../exchange/contract.js';

/** What a channel may read when it builds the messages sent right after a subscription. */
export interface FeedView {
  exchange: ExchangeApi;
  /** The last public `match` message per product, for `last_match`. */
  lastMatch(productId: string): Record<string, unknown> | undefined;
  /** The last `ticker` message per product. */
  lastTicker(productId: string): Record<string, unknown> | undefined;
}

/** One WebSocket channel: its name, its rules, and what a new subscriber receives first. */
export interface ChannelDefinition {
  name: string;
  /** Other names Coinbase accepts for it (e.g. `level2_50` for `level2_batch`). */
  aliases?: readonly string[];
  /** Only authenticated subscriptions may join (enforced since 2023-08-01 for level2/full). */
  requiresAuth: boolean;
  /** False only for `status`, which is not per product. */
  requiresProducts: boolean;
  /** Messages sent to a new subscriber of `productId`, after the `subscriptions` reply. */
  initialMessages?(view: FeedView, productId: string): Array<Record<string, unknown>>;
}

/** ISO-8601 with microseconds, as Coinbase writes times: `2014-11-07T08:19:28.464000Z`. */
export function isoMicros(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 23)}${String(Math.floor((epochMs % 1) * 1000)).padStart(3, '0')}Z`;
}
