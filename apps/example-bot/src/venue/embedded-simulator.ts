/**
 * The bot's offline venue: a simulator started inside this process on a free loopback port. The
 * bot still reaches it only through the real client packages (signed REST, authenticated
 * WebSocket), exactly as it would reach Coinbase.
 */
import { createExchangeCredentials, type ExchangeCredentials } from '@tradeloop/auth';
import { type AdvancedTradeAccess, startSimulator } from '@tradeloop/simulator';

/** A simulator started for this run. */
export interface EmbeddedSimulator {
  restUrl: string;
  wsUrl: string;
  credentials: ExchangeCredentials;
  /** The same simulator through its Advanced Trade protocol, with a generated CDP key. */
  advancedTrade: AdvancedTradeAccess;
  /** The generated secret and passphrase, so output can be scrubbed of them. */
  secrets: string[];
  stop(): Promise<void>;
}

/** Starts the simulator with its default products and balances and a live synthetic market. */
export async function startEmbeddedSimulator(options: { seed: number }): Promise<EmbeddedSimulator> {
  const simulator = await startSimulator({
    port: 0,
    seed: options.seed,
    market: { enabled: true, speed: 1 },
  });
  return {
    restUrl: simulator.restUrl,
    wsUrl: simulator.wsUrl,
    credentials: createExchangeCredentials(simulator.credentials),
    advancedTrade: simulator.advancedTrade,
    secrets: [simulator.credentials.apiSecret, simulator.credentials.passphrase].filter(
      (secret) => secret !== '',
    ),
    stop: () => simulator.stop(),
  };
}
