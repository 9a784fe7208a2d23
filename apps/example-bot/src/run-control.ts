/** Starting and waiting on a runtime under the bot's shutdown signal (live and paper runs alike). */
import type { Runtime } from '@tradeloop/strategy-kit';

/**
 * Starts the runtime, unless a stop is asked for first (a signal while the feed is still
 * connecting must not wait for it).
 */
export async function startUnlessStopped(runtime: Runtime, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  const starting = runtime.start();
  const outcome = await Promise.race([
    starting.then(() => 'started' as const),
    aborted(signal).then(() => 'stopped' as const),
  ]);
  // After a stop request, runtime.stop() closes the venue, which ends the start; its failure is expected then.
  if (outcome === 'stopped') starting.catch(() => {});
}

export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
