import type { BookFed } from '../channels/channel.js';
import {
  CHANNEL_NAMES,
  type ChannelName,
  canonicalChannel,
  channelNamed,
  channelsFeeding,
  isChannelName,
  isProductless,
} from '../channels/index.js';
import { InvalidSubscriptionError } from '../errors.js';

/** A channel with its own product list (or, for `balance`, account ids). */
export interface ChannelSpec {
  name: ChannelName;
  product_ids?: readonly string[];
  account_ids?: readonly string[];
}

/** A channel by name (products come from the call's `productIds`) or with its own products. */
export type ChannelInput = ChannelName | ChannelSpec;

/** A channel and the ids (products, or accounts for `balance`) a request names for it. */
export interface ChannelSelection {
  /** Canonical name (`level2_50` → `level2_batch`). */
  name: string;
  ids: string[];
}

/** A channel as sent on the wire. */
export interface WireChannel {
  name: string;
  product_ids?: string[];
  account_ids?: string[];
}

const supportedNames = CHANNEL_NAMES.filter((name) => !channelNamed(name)?.unsupported).join(', ');

/**
 * Validates and normalises `subscribe` / `unsubscribe` arguments the way Coinbase reads them:
 * root `productIds` are added to every channel that takes products.
 * @throws {InvalidSubscriptionError} for an unknown channel, a malformed id, or (when subscribing)
 *   a product channel without products.
 */
export function selectChannels(
  channels: readonly ChannelInput[] | ChannelInput,
  productIds: readonly string[] = [],
  purpose: 'subscribe' | 'unsubscribe' = 'subscribe',
): ChannelSelection[] {
  const list = Array.isArray(channels) ? channels : [channels as ChannelInput];
  if (list.length === 0) throw new InvalidSubscriptionError('expected at least one channel, received none');
  checkIds(productIds, 'productIds');
  const selections = new Map<string, Set<string>>();
  for (const entry of list as readonly ChannelInput[]) {
    const name: unknown = typeof entry === 'object' && entry !== null ? entry.name : entry;
    if (!isChannelName(name)) {
      throw new InvalidSubscriptionError(
        `expected a Coinbase channel name (${supportedNames}), received ${typeof name === 'string' ? JSON.stringify(name) : `a ${typeof name}`}`,
      );
    }
    const canonical = canonicalChannel(name);
    const descriptor = channelNamed(canonical);
    if (descriptor?.unsupported) throw new InvalidSubscriptionError(descriptor.unsupported);
    const own =
      typeof entry === 'object'
        ? descriptor?.idsField === 'account_ids'
          ? entry.account_ids
          : entry.product_ids
        : [];
    if (own !== undefined) checkIds(own, `${canonical} ids`);
    const ids = new Set([...(own ?? []), ...(isProductless(canonical) ? [] : productIds)]);
    const existing = selections.get(canonical);
    if (existing) for (const id of ids) existing.add(id);
    else selections.set(canonical, ids);
  }
  const result: ChannelSelection[] = [];
  for (const [name, ids] of selections) {
    if (purpose === 'subscribe' && ids.size === 0 && !isProductless(name)) {
      throw new InvalidSubscriptionError(
        `expected at least one product id for channel ${name} (as productIds or { name, product_ids }), received none`,
      );
    }
    result.push({ name, ids: [...ids] });
  }
  return result;
}

function checkIds(ids: unknown, what: string): void {
  if (!Array.isArray(ids)) throw new InvalidSubscriptionError(`expected ${what} to be an array of strings`);
  for (const id of ids) {
    if (typeof id !== 'string' || id.length === 0 || /\s/.test(id)) {
      throw new InvalidSubscriptionError(
        `expected ${what} to hold ids such as "BTC-USD", received ${typeof id === 'string' ? JSON.stringify(id.slice(0, 40)) : `a ${typeof id}`}`,
      );
    }
  }
}

/**
 * The subscriptions the feed wants to have: restored whole after every reconnect. Keyed by
 * canonical channel name; a product-less channel holds an empty set.
 */
export class SubscriptionState {
  readonly #channels = new Map<string, Set<string>>();
  /**
   * The products some channel feeding each book wants, rebuilt on every change: the feed asks for
   * every sequenced message, so the answer is one set lookup.
   */
  #feeding: Record<BookFed, Set<string>> = { level2: new Set(), level3: new Set() };

  /** True when a channel that feeds `book` wants `id`. */
  feeds(book: BookFed, id: string): boolean {
    const products = this.#feeding[book];
    // Most feeds keep no level-3 book: then no hash of the product id is looked up at all.
    return products.size !== 0 && products.has(id);
  }

  #changed(): void {
    this.#feeding = { level2: this.#productsFeeding('level2'), level3: this.#productsFeeding('level3') };
  }

  #productsFeeding(book: BookFed): Set<string> {
    const products = new Set<string>();
    for (const name of channelsFeeding(book))
      for (const id of this.#channels.get(name) ?? []) products.add(id);
    return products;
  }

  /** Adds the selections; returns what was not already wanted (to undo if the server refuses). */
  add(selections: readonly ChannelSelection[]): ChannelSelection[] {
    const added: ChannelSelection[] = [];
    for (const { name, ids } of selections) {
      let current = this.#channels.get(name);
      const fresh: string[] = [];
      if (!current) {
        current = new Set();
        this.#channels.set(name, current);
        if (ids.length === 0) added.push({ name, ids: [] });
      }
      for (const id of ids) {
        if (!current.has(id)) {
          current.add(id);
          fresh.push(id);
        }
      }
      if (fresh.length > 0) added.push({ name, ids: fresh });
    }
    this.#changed();
    return added;
  }

  /** Removes ids from channels; a selection without ids removes the whole channel. */
  remove(selections: readonly ChannelSelection[]): void {
    for (const { name, ids } of selections) {
      const current = this.#channels.get(name);
      if (!current) continue;
      if (ids.length === 0) {
        this.#channels.delete(name);
        continue;
      }
      for (const id of ids) current.delete(id);
      if (current.size === 0 && !isProductless(name)) this.#channels.delete(name);
    }
    this.#changed();
  }

  has(name: string, id: string): boolean {
    return this.#channels.get(name)?.has(id) ?? false;
  }

  hasChannel(name: string): boolean {
    return this.#channels.has(name);
  }

  /** The ids wanted on `name`. */
  ids(name: string): string[] {
    return [...(this.#channels.get(name) ?? [])];
  }

  get isEmpty(): boolean {
    return this.#channels.size === 0;
  }

  /** Every wanted channel, for a (re)subscribe message. */
  selections(): ChannelSelection[] {
    return [...this.#channels].map(([name, ids]) => ({ name, ids: [...ids] }));
  }
}

/** The `channels` array of a subscribe message for `selections`. */
export function toWireChannels(selections: readonly ChannelSelection[]): WireChannel[] {
  return selections.map(({ name, ids }) => {
    if (channelNamed(name)?.idsField === 'account_ids') return { name, account_ids: ids };
    if (isProductless(name) && ids.length === 0) return { name };
    return { name, product_ids: ids };
  });
}
