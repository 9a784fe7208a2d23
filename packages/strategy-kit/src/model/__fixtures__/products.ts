/** `/products` objects in Coinbase's wire shape (values as Coinbase publishes them for these pairs). */
export const btcUsdWire = {
  id: 'BTC-USD',
  base_currency: 'BTC',
  quote_currency: 'USD',
  quote_increment: '0.01000000',
  base_increment: '0.00000001',
  display_name: 'BTC/USD',
  min_market_funds: '1',
  margin_enabled: false,
  post_only: false,
  limit_only: false,
  cancel_only: false,
  status: 'online',
  status_message: '',
  trading_disabled: false,
  fx_stablecoin: false,
  max_slippage_percentage: '0.02000000',
  auction_mode: false,
  high_bid_limit_percentage: '',
};

export const ethBtcWire = {
  ...btcUsdWire,
  id: 'ETH-BTC',
  base_currency: 'ETH',
  quote_currency: 'BTC',
  quote_increment: '0.00001',
  base_increment: '0.00000001',
  display_name: 'ETH/BTC',
  min_market_funds: '0.0001',
};
