/**
 * Coinbase Exchange payloads as documented (shared/docs/coinbase-exchange-protocol.md §6.2, §6.4,
 * §8.5), with our own ids where the docs elide them. Used for shapes the simulator does not emit
 * on its own (a taker match with a fee rate of many decimals, a rejected order, a `done` of a market order).
 */
export const restOrderPending = {
  id: 'd0c5340b-6d6c-49d9-b567-48c4bfca13d2',
  price: '0.10000000',
  size: '0.01000000',
  product_id: 'BTC-USD',
  side: 'buy',
  stp: 'dc',
  type: 'limit',
  time_in_force: 'GTC',
  post_only: false,
  created_at: '2016-12-08T20:02:28.53864Z',
  fill_fees: '0.0000000000000000',
  filled_size: '0.00000000',
  executed_value: '0.0000000000000000',
  status: 'pending',
  settled: false,
  client_oid: '6f1c1a44-8a53-4e4f-9d3e-1c2b3a4d5e6f',
} as const;

export const restOrderDoneCanceled = {
  ...restOrderPending,
  status: 'done',
  done_reason: 'canceled',
  done_at: '2016-12-08T20:05:00.000000Z',
  filled_size: '0.00400000',
} as const;

export const restFill = {
  created_at: '2020-01-26T17:47:43.602Z',
  trade_id: 2522525,
  product_id: 'BTC-EUR',
  order_id: '0e8029ae-4d5a-4b5f-9d1a-1d2c3b4a5f6e',
  user_id: '59e7cb4ba7de2e00e9a9db9c',
  profile_id: '09a6bf48-1111-2222-3333-444455556666',
  liquidity: 'T',
  price: '7755.01000000',
  size: '1.02645889',
  fee: '39.8009947826945000',
  side: 'buy',
  settled: true,
  usd_volume: '8765.9486560111000000',
  market_type: 'spot',
  funding_currency: 'EUR',
} as const;

export const userReceived = {
  type: 'received',
  time: '2014-11-07T08:19:27.028459Z',
  product_id: 'BTC-USD',
  sequence: 10,
  order_id: 'd50ec984-77a8-460a-b958-66f114b0de9b',
  size: '1.34',
  price: '502.1',
  side: 'buy',
  order_type: 'limit',
  client_oid: 'f3b4f4a2-1f2e-4c8a-9a33-6f0c1b2d3e4f',
  user_id: '5844eceecf7e803e259d0365',
  profile_id: '765d1549-9660-4be2-97d4-fa2d65fa3352',
} as const;

/** We were the taker of this match (the taker fee rate is ours). Maker side sell ⇒ we bought. */
export const userMatchAsTaker = {
  type: 'match',
  trade_id: 10,
  sequence: 50,
  maker_order_id: 'ac928c66-ca53-498f-9c13-a110027a60e8',
  taker_order_id: '132fb6ae-456b-4654-b4e0-d681ac05cea1',
  time: '2014-11-07T08:19:27.028459Z',
  product_id: 'BTC-USD',
  size: '5.23512',
  price: '400.23',
  side: 'sell',
  taker_user_id: '5844eceecf7e803e259d0365',
  user_id: '5844eceecf7e803e259d0365',
  taker_profile_id: '765d1549-9660-4be2-97d4-fa2d65fa3352',
  profile_id: '765d1549-9660-4be2-97d4-fa2d65fa3352',
  taker_fee_rate: '0.0060',
} as const;

/** We were the maker (the maker fee rate is ours); a fee with more than 16 decimals before rounding. */
export const userMatchAsMaker = {
  ...userMatchAsTaker,
  trade_id: 11,
  price: '0.05123',
  size: '0.12345678',
  taker_fee_rate: undefined,
  maker_fee_rate: '0.001234',
} as const;

export const userDoneMarket = {
  type: 'done',
  time: '2014-11-07T08:19:27.028459Z',
  product_id: 'BTC-USD',
  sequence: 10,
  order_id: 'd50ec984-77a8-460a-b958-66f114b0de9b',
  reason: 'filled',
  side: 'sell',
} as const;

export const tickerMessage = {
  type: 'ticker',
  sequence: 37475248783,
  product_id: 'ETH-USD',
  price: '1285.22',
  open_24h: '1310.79',
  volume_24h: '245532.79',
  low_24h: '1280.52',
  high_24h: '1313.8',
  volume_30d: '9788783.60',
  best_bid: '1285.04',
  best_bid_size: '0.46688654',
  best_ask: '1285.27',
  best_ask_size: '1.56637040',
  side: 'buy',
  time: '2022-10-19T23:28:22.061769Z',
  trade_id: 370843401,
  last_size: '11.4396987',
} as const;
