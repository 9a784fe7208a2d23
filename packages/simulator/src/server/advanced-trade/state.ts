import { TokenBuckets } from '../rate-limits.js';
import { CdpKeyStore } from './cdp-keys.js';
import { LegacyKeyStore } from './legacy-hmac.js';
import { AdvancedTradeOrderRegistry, type ClockedExchange } from './order-registry.js';

/**
 * Advanced Trade's REST limits as ccxt's `coinbase` class and third-party summaries of Coinbase's
 * docs give them: 30 requests/s per key for private endpoints, 10/s per IP for public ones
 * (UNCONFIRMED against Coinbase; see docs/decisions/0009-advanced-trade.md). Burst = one second.
 */
export const advancedTradeRateLimits = {
  public: { ratePerSecond: 10, burst: 10 },
  private: { ratePerSecond: 30, burst: 30 },
} as const;

/** Everything the Advanced Trade protocol of one simulator instance keeps. */
export class AdvancedTradeState {
  readonly keys = new CdpKeyStore();
  /** Pre-CDP HMAC keys, for clients that only speak that scheme. */
  readonly legacyKeys = new LegacyKeyStore();
  readonly orders: AdvancedTradeOrderRegistry;
  /** Undefined when rate limits are off. */
  readonly rateLimits: { public: TokenBuckets; private: TokenBuckets } | undefined;

  constructor(exchange: ClockedExchange, log: (line: string) => void, rateLimited: boolean) {
    this.orders = new AdvancedTradeOrderRegistry(exchange, log);
    const now = () => performance.now();
    this.rateLimits = rateLimited
      ? {
          public: new TokenBuckets(advancedTradeRateLimits.public, now),
          private: new TokenBuckets(advancedTradeRateLimits.private, now),
        }
      : undefined;
  }

  close(): void {
    this.orders.close();
  }
}
