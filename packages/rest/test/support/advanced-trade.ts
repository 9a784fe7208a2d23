import { createCdpCredentials } from '@tradeloop/auth';
import type { RunningSimulator } from '@tradeloop/simulator';
import { CoinbaseAdvancedTradeClient, type CoinbaseAdvancedTradeClientOptions } from '../../src/index.js';

/** An Advanced Trade client for the simulator's default CDP key, with short waits so tests stay fast. */
export function advancedTradeClientFor(
  simulator: RunningSimulator,
  options: CoinbaseAdvancedTradeClientOptions = {},
  key: { keyName: string; privateKey: string } = simulator.advancedTrade,
): CoinbaseAdvancedTradeClient {
  return new CoinbaseAdvancedTradeClient({
    baseUrl: simulator.advancedTrade.restUrl,
    credentials: createCdpCredentials(key),
    rateLimit: false,
    retry: { baseDelayMs: 5, maxDelayMs: 100 },
    orderPlacement: { lookupDelayMs: 5, absenceChecks: 2 },
    ...options,
  });
}
