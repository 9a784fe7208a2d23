import type { SideWire } from '../../exchange/contract.js';
import type { ChannelDefinition } from './channel.js';
import { level2Snapshot } from './level2.js';

/** `level2_batch` (alias `level2_50`, no auth): the level2 schema with updates merged every 50 ms. */
export const level2BatchChannel: ChannelDefinition = {
  name: 'level2_batch',
  aliases: ['level2_50'],
  requiresAuth: false,
  requiresProducts: true,
  initialMessages: ({ exchange }, productId) => [level2Snapshot(exchange, productId)],
};

/** How often `level2_batch` publishes. */
export const level2BatchIntervalMs = 50;

/**
 * Merges level changes per product between batches. Sizes are absolute, so the last size of a
 * level wins and re-applying a change a new subscriber's snapshot already holds is harmless.
 */
export class Level2Batcher {
  readonly #pending = new Map<string, { changes: Map<string, [SideWire, string, string]>; time: string }>();

  add(productId: string, changes: Array<[SideWire, string, string]>, time: string): void {
    let entry = this.#pending.get(productId);
    if (!entry) {
      entry = { changes: new Map(), time };
      this.#pending.set(productId, entry);
    }
    entry.time = time;
    for (const change of changes) entry.changes.set(`${change[0]}:${change[1]}`, change);
  }

  /** The merged `l2update` of each product with changes, emptying the batch. */
  drain(): Array<Record<string, unknown> & { product_id: string }> {
    const messages: Array<Record<string, unknown> & { product_id: string }> = [];
    for (const [productId, entry] of this.#pending) {
      messages.push({
        type: 'l2update',
        product_id: productId,
        changes: [...entry.changes.values()],
        time: entry.time,
      });
    }
    this.#pending.clear();
    return messages;
  }
}
