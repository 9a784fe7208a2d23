/**
 * Where the bot trades and with what key: the Coinbase endpoint from the configuration, or a
 * simulator started in this process when no credentials were given.
 */
import type { ExchangeCredentials } from '@tradeloop/auth';
import type { VenueConfig } from '../config.js';
import { startEmbeddedSimulator } from './embedded-simulator.js';

/** A venue to connect to. */
export interface Endpoint {
  /** How messages name it, e.g. "the Coinbase sandbox". */
  name: string;
  restUrl: string;
  wsUrl: string;
  credentials: ExchangeCredentials;
  /** Secret values to scrub from output (the embedded simulator's generated key). */
  secrets: string[];
  /** Stops what was started for this endpoint (the embedded simulator); nothing for Coinbase. */
  close(): Promise<void>;
}

/** Resolves the configured venue into an endpoint, starting the embedded simulator if needed. */
export async function openEndpoint(
  venue: Extract<VenueConfig, { kind: 'coinbase' } | { kind: 'embedded-simulator' }>,
): Promise<Endpoint> {
  if (venue.kind === 'coinbase') {
    const name =
      venue.environment === 'sandbox'
        ? 'the Coinbase sandbox'
        : venue.environment === 'production'
          ? 'Coinbase (production, real money)'
          : 'the server at COINBASE_REST_URL';
    return {
      name,
      restUrl: venue.restUrl,
      wsUrl: venue.wsUrl,
      credentials: venue.credentials,
      secrets: [],
      close: async () => {},
    };
  }
  const simulator = await startEmbeddedSimulator({ seed: venue.seed });
  return {
    name: 'the embedded simulator',
    restUrl: simulator.restUrl,
    wsUrl: simulator.wsUrl,
    credentials: simulator.credentials,
    secrets: simulator.secrets,
    close: () => simulator.stop(),
  };
}
