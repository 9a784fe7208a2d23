import type { AdvancedTradeProduct, Product } from '@tradeloop/rest';

const EXCHANGE_STATUSES = new Set(['online', 'offline', 'internal', 'delisted']);

/**
 * An Advanced Trade product (`/market/products`) in the Exchange's product shape, so the paper
 * venue, the bot's checks and the recording header read product rules the same way for both APIs.
 * Advanced Trade's price tick is `price_increment` (its `quote_increment` is the step of quote
 * *funds*), which is the Exchange's `quote_increment`; its `quote_min_size` is the smallest
 * notional, the Exchange's `min_market_funds`. A disabled product, or a status the Exchange does
 * not know, is `offline` (so nothing trades on it), with Advanced Trade's own status in `status_message`.
 */
export function exchangeProductOf(product: AdvancedTradeProduct): Product {
  const status =
    product.is_disabled === true || !EXCHANGE_STATUSES.has(String(product.status).toLowerCase())
      ? 'offline'
      : (String(product.status).toLowerCase() as Product['status']);
  return {
    id: product.product_id,
    base_currency: product.base_currency_id,
    quote_currency: product.quote_currency_id,
    quote_increment: product.price_increment,
    base_increment: product.base_increment,
    display_name: product.display_name,
    min_market_funds: product.quote_min_size,
    margin_enabled: false,
    post_only: product.post_only === true,
    limit_only: product.limit_only === true,
    cancel_only: product.cancel_only === true,
    status,
    status_message:
      status === product.status
        ? null
        : `Advanced Trade status ${String(product.status)}${product.is_disabled === true ? ', disabled' : ''}`,
    trading_disabled: product.trading_disabled === true || product.is_disabled === true,
    auction_mode: product.auction_mode === true,
  };
}
