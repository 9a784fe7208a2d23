import { InvalidSignalError } from './errors.js';

/** Quote currencies recognised at the end of a ticker without a separator (`BTCUSD`), longest first. */
const KNOWN_QUOTES = ['USDC', 'USDT', 'USD', 'EUR', 'GBP', 'BTC', 'ETH', 'DAI'] as const;

/**
 * Maps a charting platform's ticker to a Coinbase product id, preferring the bot's own products:
 * `BTCUSD`, `COINBASE:BTCUSD`, `BTC/USD` and `btc-usd` all become
 * `BTC-USD`. A ticker the bot does not trade still maps when its quote currency is a known one
 * (`ETHUSD` → `ETH-USD`), so the signal can be refused by name rather than as unreadable.
 *
 * @param ticker as the platform sends it (TradingView `{{ticker}}`, optionally `{{exchange}}:{{ticker}}`).
 * @param productIds the products the bot was started with.
 * @throws InvalidSignalError (field `field`) for a ticker that maps to no product id.
 * @example productIdForTicker('BTCUSD', ['BTC-USD', 'ETH-USD']) // 'BTC-USD'
 */
export function productIdForTicker(ticker: string, productIds: readonly string[], field = 'ticker'): string {
  const withoutExchange = ticker.includes(':') ? ticker.slice(ticker.lastIndexOf(':') + 1) : ticker;
  const upper = withoutExchange.trim().toUpperCase();
  const separated = /^([A-Z0-9]{1,12})[-/_]([A-Z0-9]{1,12})$/.exec(upper);
  if (separated !== null) return `${separated[1]}-${separated[2]}`;
  if (!/^[A-Z0-9]{2,24}$/.test(upper))
    throw new InvalidSignalError(
      field,
      `expected a ticker such as BTCUSD or a product id such as BTC-USD, received ${describeText(ticker)}`,
    );
  const own = productIds.find((id) => id.replace('-', '') === upper);
  if (own !== undefined) return own;
  const quote = KNOWN_QUOTES.find(
    (candidate) => upper.endsWith(candidate) && upper.length > candidate.length,
  );
  if (quote !== undefined) return `${upper.slice(0, -quote.length)}-${quote}`;
  throw new InvalidSignalError(
    field,
    `expected a ticker of one of the bot's products (${productIds.map((id) => id.replace('-', '')).join(', ')}), received ${describeText(ticker)}`,
  );
}

/** A short quoted form of a received text, cut so an answer never carries a long echo. */
export function describeText(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
