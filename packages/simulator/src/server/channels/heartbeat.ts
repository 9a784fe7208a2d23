import type { ExchangeApi } from '../../exchange/contract.js';
import { type ChannelDefinition, isoMicros } from './channel.js';

/** `heartbeat`: one message per product each second, carrying the product's current sequence. */
export const heartbeatChannel: ChannelDefinition = {
  name: 'heartbeat',
  requiresAuth: false,
  requiresProducts: true,
};

/** The heartbeat of `productId` now; it carries the current sequence without consuming one. */
export function heartbeatMessage(exchange: ExchangeApi, productId: string): Record<string, unknown> {
  return {
    type: 'heartbeat',
    last_trade_id: exchange.lastTradeId(productId),
    product_id: productId,
    sequence: exchange.sequence(productId),
    time: isoMicros(exchange.now()),
  };
}
