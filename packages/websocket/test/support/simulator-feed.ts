import { createExchangeCredentials } from '@tradeloop/auth';
import type { RunningSimulator } from '@tradeloop/simulator';
import { CoinbaseFeed, type CoinbaseFeedOptions, type Level3SnapshotSource } from '../../src/index.js';

/**
 * Level-3 snapshots straight from the simulator's public `GET /products/{id}/book?level=3`, over
 * real loopback HTTP: the feed takes its snapshot source injected (the venue package wires its
 * REST client in), so its tests bring this small one.
 */
export function simulatorSnapshots(simulator: RunningSimulator): Level3SnapshotSource {
  return async (productId) => {
    const response = await fetch(
      `${simulator.restUrl}/products/${encodeURIComponent(productId)}/book?level=3`,
    );
    if (!response.ok) throw new Error(`GET book of ${productId}: HTTP ${response.status}`);
    return (await response.json()) as Awaited<ReturnType<Level3SnapshotSource>>;
  };
}

/**
 * A feed on the simulator, authenticated with its default key, keeping level-2 and level-3 books
 * (level-3 snapshots from {@link simulatorSnapshots}).
 */
export function feedFor(simulator: RunningSimulator, options: CoinbaseFeedOptions = {}): CoinbaseFeed {
  return new CoinbaseFeed({
    url: simulator.wsUrl,
    credentials: createExchangeCredentials(simulator.credentials),
    reconnect: { initialDelayMs: 20, maxDelayMs: 200, jitter: 0.5 },
    ...options,
    books: { level3Snapshots: simulatorSnapshots(simulator), ...options.books },
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
