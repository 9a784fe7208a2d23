import type { ExchangeApi } from '../../exchange/contract.js';
import { currenciesOf } from '../currencies.js';
import type { ChannelDefinition } from './channel.js';

/** `status`: the product and currency catalog, on subscribe and then periodically. */
export const statusChannel: ChannelDefinition = {
  name: 'status',
  requiresAuth: false,
  requiresProducts: false,
  initialMessages: ({ exchange }) => [statusMessage(exchange)],
};

/** The full `status` message. */
export function statusMessage(exchange: ExchangeApi): Record<string, unknown> {
  const products = exchange.products();
  return {
    type: 'status',
    products: products.map((product) => ({
      id: product.id,
      base_currency: product.base_currency,
      quote_currency: product.quote_currency,
      base_increment: product.base_increment,
      quote_increment: product.quote_increment,
      display_name: product.display_name,
      status: product.status,
      status_message: product.status_message,
      min_market_funds: product.min_market_funds,
      post_only: product.post_only,
      limit_only: product.limit_only,
      cancel_only: product.cancel_only,
      auction_mode: product.auction_mode,
      fx_stablecoin: product.fx_stablecoin,
      margin_enabled: product.margin_enabled,
      type: 'spot',
    })),
    currencies: currenciesOf(products),
  };
}
