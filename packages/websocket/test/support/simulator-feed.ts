import { createExchangeCredentials } from '@tradeloop/auth';
import type { RunningSimulator } from '@tradeloop/simulator';
import { CoinbaseFeed, type CoinbaseFeedOptions } from '../../src/index.js';

/**
 * A feed on the simulator, authenticated with its default key, keeping level-2 and level-3 books.
 * Level-3 snapshots come from the default source: `@tradeloop/rest` on the same port.
 */
export function feedFor(simulator: RunningSimulator, options: CoinbaseFeedOptions = {}): CoinbaseFeed {
  return new CoinbaseFeed({
    url: simulator.wsUrl,
    credentials: createExchangeCredentials(simulator.credentials),
    reconnect: { initialDelayMs: 20, maxDelayMs: 200, jitter: 0.5 },
    ...options,
  });
}

/** Resolves when `condition` holds, polling every 10 ms; rejects with `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Exact decimal text, normalised: "0.50000000" → "0.5", "100.00" → "100". */
export function normalise(decimal: string): string {
  if (!decimal.includes('.')) return decimal.replace(/^0+(?=\d)/, '');
  const trimmed = decimal.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed.replace(/^0+(?=\d)/, '');
}
