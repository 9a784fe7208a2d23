/** The channels of Advanced Trade's WebSocket, and the `channel` value their messages carry. */
export const advancedTradeChannels: Readonly<Record<string, { wire: string; needsProducts: boolean }>> = {
  heartbeats: { wire: 'heartbeats', needsProducts: false },
  level2: { wire: 'l2_data', needsProducts: true },
  ticker: { wire: 'ticker', needsProducts: true },
  ticker_batch: { wire: 'ticker_batch', needsProducts: true },
  market_trades: { wire: 'market_trades', needsProducts: true },
  candles: { wire: 'candles', needsProducts: true },
  status: { wire: 'status', needsProducts: false },
  user: { wire: 'user', needsProducts: false },
};

/** Channels the user-order endpoint serves (`futures_balance_summary` is not simulated). */
export const userEndpointChannels: ReadonlySet<string> = new Set(['heartbeats', 'user']);

/** A subscribe or unsubscribe: one channel per message, as Advanced Trade requires. */
export interface AdvancedTradeSubscribe {
  type: 'subscribe' | 'unsubscribe';
  channel: string;
  productIds: string[];
  jwt: string | undefined;
}

/** Parses one client frame; a string is the `message` of the error to answer. */
export function parseSubscribeMessage(
  text: string,
  endpoint: 'market' | 'user',
  productExists: (productId: string) => boolean,
): AdvancedTradeSubscribe | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'malformed JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const message = value as Record<string, unknown>;
  if (message.type !== 'subscribe' && message.type !== 'unsubscribe')
    return `expected type "subscribe" or "unsubscribe", received ${JSON.stringify(message.type)}`;
  const channel = message.channel;
  if (typeof channel !== 'string' || advancedTradeChannels[channel] === undefined)
    return `unknown channel ${JSON.stringify(channel)}`;
  if (endpoint === 'user' && !userEndpointChannels.has(channel))
    return `channel ${channel} is not served on the user endpoint`;
  const rawProducts = message.product_ids ?? [];
  if (!Array.isArray(rawProducts) || rawProducts.some((id) => typeof id !== 'string'))
    return 'expected product_ids to be an array of strings';
  const productIds = rawProducts as string[];
  for (const productId of productIds) if (!productExists(productId)) return `unknown product ${productId}`;
  if (
    message.type === 'subscribe' &&
    advancedTradeChannels[channel]?.needsProducts &&
    productIds.length === 0
  )
    return `channel ${channel} needs product_ids`;
  const jwt = message.jwt;
  return {
    type: message.type,
    channel,
    productIds,
    jwt: typeof jwt === 'string' && jwt !== '' ? jwt : undefined,
  };
}
