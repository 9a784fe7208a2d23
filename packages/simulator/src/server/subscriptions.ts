import type { ChannelDefinition } from './channels/channel.js';
import { channelNamed } from './channels/index.js';

/** The `error` message Coinbase sends on the feed: `{type, message, reason}`. */
export interface FeedError {
  type: 'error';
  message: string;
  reason?: string;
}

/** Authentication fields of a subscribe message, with the timestamp texts the client may have signed. */
export interface SubscribeAuthFields {
  key: string;
  passphrase: string;
  signature: string;
  timestamps: string[];
}

/** A valid `subscribe` or `unsubscribe`, with root `product_ids` merged into every channel. */
export interface SubscriptionRequest {
  type: 'subscribe' | 'unsubscribe';
  channels: Array<{ channel: ChannelDefinition; productIds: string[] }>;
  /** Present when the message carries a non-empty `key`; an empty key means anonymous. */
  auth?: SubscribeAuthFields;
}

export type ParsedClientMessage =
  | { ok: true; request: SubscriptionRequest }
  | { ok: false; error: FeedError };

/** The reason Coinbase gives for level2/full/user subscriptions without authentication. */
export const authRequiredReason =
  'level2, level3, and full channels now require authentication. https://docs.cloud.coinbase.com/exchange/docs/websocket-auth';

/**
 * Parses one client frame into a subscription request, with Coinbase's error texts for whatever
 * is wrong. `rawText` is kept to recover the timestamp exactly as the client wrote it.
 */
export function parseClientMessage(
  rawText: string,
  isKnownProduct: (productId: string) => boolean,
): ParsedClientMessage {
  let message: unknown;
  try {
    message = JSON.parse(rawText);
  } catch (error) {
    return fail('Malformed JSON', error instanceof Error ? error.message : 'not JSON');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return fail('Malformed message', 'expected a JSON object with a "type"');
  }
  const fields = message as Record<string, unknown>;
  const type = fields.type;
  if (type !== 'subscribe' && type !== 'unsubscribe') {
    return fail(
      'Unsupported message type',
      `expected "subscribe" or "unsubscribe", received ${describe(type)}`,
    );
  }
  const failed = type === 'subscribe' ? 'Failed to subscribe' : 'Failed to unsubscribe';
  const rootProducts = productList(fields.product_ids);
  if (rootProducts === undefined) return fail(failed, 'product_ids must be an array of strings');
  if (!Array.isArray(fields.channels) || fields.channels.length === 0)
    return fail(failed, 'No channels provided');

  const channels: SubscriptionRequest['channels'] = [];
  for (const entry of fields.channels as unknown[]) {
    let name: unknown = entry;
    let ownProducts: string[] | undefined = [];
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
      name = (entry as Record<string, unknown>).name;
      ownProducts = productList((entry as Record<string, unknown>).product_ids);
    }
    if (typeof name !== 'string') return fail(failed, `${describe(name)} is not a valid channel`);
    const channel = channelNamed(name);
    if (!channel) return fail(failed, `${name} is not a valid channel`);
    if (ownProducts === undefined) return fail(failed, 'product_ids must be an array of strings');
    const productIds = channel.requiresProducts ? [...new Set([...ownProducts, ...rootProducts])] : [];
    for (const productId of productIds) {
      if (!isKnownProduct(productId)) return fail(failed, `${productId} is not a valid product`);
    }
    if (type === 'subscribe' && channel.requiresProducts && productIds.length === 0) {
      return fail(failed, `You need to specify at least one product ID for channel ${name}`);
    }
    const existing = channels.find((item) => item.channel === channel);
    if (existing) existing.productIds = [...new Set([...existing.productIds, ...productIds])];
    else channels.push({ channel, productIds });
  }

  const request: SubscriptionRequest = { type, channels };
  const key = fields.key;
  if (typeof key === 'string' && key !== '') {
    request.auth = {
      key,
      passphrase: typeof fields.passphrase === 'string' ? fields.passphrase : '',
      signature: typeof fields.signature === 'string' ? fields.signature : '',
      timestamps: timestampTexts(fields.timestamp, rawText),
    };
  }
  return { ok: true, request };
}

/**
 * The texts a client may have signed for `timestamp`: a string verbatim; for a number, the raw
 * JSON token (what a Python client formatted) and JavaScript's `String(n)` (what a JS client did).
 */
export function timestampTexts(timestamp: unknown, rawText: string): string[] {
  if (typeof timestamp === 'string') return [timestamp];
  if (typeof timestamp !== 'number') return [''];
  const rawToken = /"timestamp"\s*:\s*(-?\d[\d.eE+-]*)/.exec(rawText)?.[1];
  const texts = [rawToken ?? String(timestamp), String(timestamp)];
  return [...new Set(texts)];
}

/** What one connection is subscribed to: channel name → product ids, in subscription order. */
export class SubscriptionSet {
  readonly #channels = new Map<string, Set<string>>();

  /** Adds channels and products (subscriptions accumulate across messages). */
  add(channels: SubscriptionRequest['channels']): void {
    for (const { channel, productIds } of channels) {
      let products = this.#channels.get(channel.name);
      if (!products) {
        products = new Set();
        this.#channels.set(channel.name, products);
      }
      for (const productId of productIds) products.add(productId);
    }
  }

  /** Removes products from channels; a channel listed without products is removed whole. */
  remove(channels: SubscriptionRequest['channels']): void {
    for (const { channel, productIds } of channels) {
      const products = this.#channels.get(channel.name);
      if (!products) continue;
      if (productIds.length === 0) {
        this.#channels.delete(channel.name);
        continue;
      }
      for (const productId of productIds) products.delete(productId);
      if (products.size === 0 && channel.requiresProducts) this.#channels.delete(channel.name);
    }
  }

  has(channelName: string, productId: string): boolean {
    return this.#channels.get(channelName)?.has(productId) ?? false;
  }

  hasChannel(channelName: string): boolean {
    return this.#channels.has(channelName);
  }

  /** Product ids of a channel (empty when not subscribed). */
  products(channelName: string): ReadonlySet<string> {
    return this.#channels.get(channelName) ?? new Set();
  }

  /** Every product id any channel is subscribed for. */
  allProducts(): Set<string> {
    const products = new Set<string>();
    for (const ids of this.#channels.values()) for (const productId of ids) products.add(productId);
    return products;
  }

  get isEmpty(): boolean {
    return this.#channels.size === 0;
  }

  /** The `subscriptions` reply Coinbase sends after every subscribe and unsubscribe. */
  reply(): Record<string, unknown> {
    return {
      type: 'subscriptions',
      channels: [...this.#channels].map(([name, products]) => ({ name, product_ids: [...products] })),
    };
  }
}

function productList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return undefined;
  return value as string[];
}

function fail(message: string, reason: string): ParsedClientMessage {
  return { ok: false, error: { type: 'error', message, reason } };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
}
