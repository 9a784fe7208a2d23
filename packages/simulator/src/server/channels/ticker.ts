import type { ExchangeApi } from '../../exchange/contract.js';
import { type ChannelDefinition, type FeedView, isoMicros } from './channel.js';

/** `ticker`: one message per match, and a snapshot of the current ticker on subscribe. */
export const tickerChannel: ChannelDefinition = {
  name: 'ticker',
  requiresAuth: false,
  requiresProducts: true,
  initialMessages: (view, productId) => [tickerSnapshot(view, productId)],
};

/** The latest ticker message, or one built from the book and 24 h stats when no trade has happened yet. */
export function tickerSnapshot(view: FeedView, productId: string): Record<string, unknown> {
  return view.lastTicker(productId) ?? builtTicker(view.exchange, productId);
}

function builtTicker(exchange: ExchangeApi, productId: string): Record<string, unknown> {
  const ticker = exchange.ticker(productId);
  const stats = exchange.stats(productId);
  const book = exchange.book(productId, 1);
  const last = ticker.ok ? ticker.value : {};
  const day = stats.ok ? stats.value : {};
  const bestBid = book.ok ? book.value.bids[0] : undefined;
  const bestAsk = book.ok ? book.value.asks[0] : undefined;
  return {
    type: 'ticker',
    sequence: exchange.sequence(productId),
    product_id: productId,
    price: last.price ?? '0',
    open_24h: day.open ?? '0',
    volume_24h: day.volume ?? '0',
    low_24h: day.low ?? '0',
    high_24h: day.high ?? '0',
    volume_30d: day.volume_30day ?? '0',
    best_bid: bestBid?.[0] ?? '0',
    best_bid_size: bestBid?.[1] ?? '0',
    best_ask: bestAsk?.[0] ?? '0',
    best_ask_size: bestAsk?.[1] ?? '0',
    side: 'buy',
    time: typeof last.time === 'string' ? last.time : isoMicros(exchange.now()),
    trade_id: typeof last.trade_id === 'number' ? last.trade_id : exchange.lastTradeId(productId),
    last_size: last.size ?? '0',
  };
}
