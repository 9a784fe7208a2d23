/**
 * What the Advanced Trade feed says, as the bot's own events: the counterpart of
 * `reportFeedActivity` for `AdvancedTradeFeed` (its subscriptions reply and its per-connection
 * `sequence_num` gaps have their own shapes).
 */
import type { AdvancedTradeFeed } from '@tradeloop/websocket';
import { type EmitBotEvent, reportConnectionActivity } from './activity-reporter.js';

/**
 * Emits `feed-*`, `gap-detected` and `book-resynced` events for an Advanced Trade feed.
 * @param productIds the products subscribed: a `sequence_num` gap counts the whole connection,
 *   so it is reported for each of them.
 */
export function reportAdvancedTradeFeedActivity(
  feed: AdvancedTradeFeed,
  productIds: readonly string[],
  emit: EmitBotEvent,
): void {
  reportConnectionActivity(feed, emit);
  feed.on('message', (message) => {
    if (message.channel !== 'subscriptions') return;
    const subscriptions = (message.events[0] as { subscriptions?: Record<string, unknown> } | undefined)
      ?.subscriptions;
    if (subscriptions === undefined) return;
    const channels = Object.keys(subscriptions).filter((channel) => channel !== 'heartbeats');
    const products = channels.flatMap((channel) => {
      const ids = subscriptions[channel];
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
    });
    emit({ type: 'feed-subscribed', channels, products: [...new Set(products)] });
  });
  feed.on('gap-detected', (gap) => {
    for (const productId of productIds)
      emit({
        type: 'gap-detected',
        productId,
        channel: 'sequence_num (connection)',
        expected: String(gap.expected),
        received: String(gap.received),
      });
  });
}
