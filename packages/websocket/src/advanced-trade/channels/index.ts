import type { AdvancedTradeChannel, AdvancedTradeChannelName } from './channel.js';

export type { AdvancedTradeChannel, AdvancedTradeChannelName } from './channel.js';

/** Every channel the Advanced Trade feed knows, by subscribe name. */
export const ADVANCED_TRADE_CHANNELS: Readonly<Record<AdvancedTradeChannelName, AdvancedTradeChannel>> = {
  heartbeats: { name: 'heartbeats', wire: 'heartbeats', requiresAuth: false, needsProducts: false },
  level2: { name: 'level2', wire: 'l2_data', requiresAuth: false, needsProducts: true },
  ticker: { name: 'ticker', wire: 'ticker', requiresAuth: false, needsProducts: true },
  ticker_batch: { name: 'ticker_batch', wire: 'ticker_batch', requiresAuth: false, needsProducts: true },
  market_trades: { name: 'market_trades', wire: 'market_trades', requiresAuth: false, needsProducts: true },
  candles: { name: 'candles', wire: 'candles', requiresAuth: false, needsProducts: true },
  status: { name: 'status', wire: 'status', requiresAuth: false, needsProducts: false },
  user: { name: 'user', wire: 'user', requiresAuth: true, needsProducts: false },
};

/** True for a channel name the feed can subscribe to. */
export function isAdvancedTradeChannelName(name: unknown): name is AdvancedTradeChannelName {
  return typeof name === 'string' && Object.hasOwn(ADVANCED_TRADE_CHANNELS, name);
}
