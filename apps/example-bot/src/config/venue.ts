/**
 * Venue selection: the embedded simulator when no credentials are set, else Coinbase (sandbox,
 * production with `--live`, or any compatible server given by URL), and the journal path per venue.
 */
import { resolve } from 'node:path';
import { CredentialsError, type ExchangeCredentials, exchangeCredentialsFromEnv } from '@tradeloop/auth';
import {
  type CoinbaseEnvironment,
  coinbaseEndpoints,
  coinbaseEnvironmentOf,
  venueHost,
} from '@tradeloop/coinbase';
import { ConfigError } from '../config-error.js';
import { type AdvancedTradeVenueConfig, type CoinbaseApi, parseAdvancedTradeVenue } from './api-selection.js';
import type { Environment } from './argv.js';

/**
 * Coinbase Exchange hosts (REST and WebSocket feed) of the public sandbox and of production, from
 * the one hosts table in `@tradeloop/coinbase`.
 */
export const COINBASE_HOSTS = {
  sandbox: {
    restUrl: coinbaseEndpoints.exchange.sandbox.restUrl,
    wsUrl: coinbaseEndpoints.exchange.sandbox.feedUrl,
  },
  production: {
    restUrl: coinbaseEndpoints.exchange.production.restUrl,
    wsUrl: coinbaseEndpoints.exchange.production.feedUrl,
  },
} as const;

/** Where the bot trades. */
export type VenueConfig =
  | {
      /** No credentials given: a simulator started inside this process, reached over loopback. */
      kind: 'embedded-simulator';
      seed: number;
      /** `advanced-trade`: reached through its Advanced Trade protocol (absent: the Exchange one). */
      api?: 'advanced-trade';
    }
  | AdvancedTradeVenueConfig
  | {
      kind: 'coinbase';
      /**
       * `custom` when COINBASE_REST_URL / COINBASE_WS_URL point somewhere that is not a Coinbase
       * host (e.g. `tradeloop-sim`); URLs that reach a Coinbase host take that host's environment.
       */
      environment: 'sandbox' | 'production' | 'custom';
      restUrl: string;
      wsUrl: string;
      credentials: ExchangeCredentials;
    }
  | {
      /** `--paper`: public market data of this exchange, orders filled locally; no key is used. */
      kind: 'paper';
      /** Whose public market data: the Exchange's (`matches` + `level2_batch`) or Advanced Trade's. */
      api: CoinbaseApi;
      environment: 'sandbox' | 'production' | 'custom';
      restUrl: string;
      wsUrl: string;
    };

/**
 * Decides the venue from the environment, the API (from the key's shape or `--api`, see
 * `api-selection.ts`) and `--live`.
 * @throws {ConfigError} for credentials or endpoints that do not fit together.
 */
export function parseVenue(env: Environment, live: boolean, seed: number, api?: CoinbaseApi): VenueConfig {
  if (api === 'advanced-trade') {
    const hasKey = [env.COINBASE_API_KEY, env.COINBASE_API_SECRET].some((value) => emptyToUndefined(value));
    if (hasKey) return parseAdvancedTradeVenue(env, live, parseUrl);
    const endpoints = ['COINBASE_REST_URL', 'COINBASE_WS_URL', 'COINBASE_USER_WS_URL', 'COINBASE_ENV'];
    if (live || endpoints.some((name) => emptyToUndefined(env[name]) !== undefined))
      throw new ConfigError(
        'A Coinbase endpoint or --live was given with --api advanced-trade but no credentials: set COINBASE_API_KEY to the key name and COINBASE_API_SECRET to the PEM private key of an Advanced Trade key, or drop the COINBASE_*_URL variables, COINBASE_ENV and --live to run against the embedded simulator.',
      );
    return { kind: 'embedded-simulator', seed, api: 'advanced-trade' };
  }
  let credentials: ExchangeCredentials | undefined;
  try {
    credentials = exchangeCredentialsFromEnv(env);
  } catch (error) {
    if (CredentialsError.isInstance(error)) {
      // The auth package's message names the variable and describes the value only by its shape.
      throw new ConfigError(
        `The Coinbase credentials in the environment are not usable (${error.message}); fix the variable, or unset all three COINBASE_API_* variables to run against the embedded simulator.`,
      );
    }
    throw error;
  }

  const restUrl = emptyToUndefined(env.COINBASE_REST_URL);
  const wsUrl = emptyToUndefined(env.COINBASE_WS_URL);
  const environmentName = emptyToUndefined(env.COINBASE_ENV) ?? 'sandbox';
  if (environmentName !== 'sandbox' && environmentName !== 'production') {
    throw new ConfigError(
      `COINBASE_ENV must be sandbox or production, but it is ${JSON.stringify(environmentName)}; set it to one of those or unset it for the sandbox.`,
    );
  }

  if (credentials === undefined) {
    if (restUrl !== undefined || wsUrl !== undefined || env.COINBASE_ENV !== undefined || live) {
      throw new ConfigError(
        'A Coinbase endpoint or --live was given but no credentials: set COINBASE_API_KEY, COINBASE_API_SECRET and COINBASE_API_PASSPHRASE, or drop COINBASE_ENV, COINBASE_REST_URL, COINBASE_WS_URL and --live to run against the embedded simulator.',
      );
    }
    return { kind: 'embedded-simulator', seed };
  }

  if ((restUrl === undefined) !== (wsUrl === undefined)) {
    throw new ConfigError(
      `${restUrl === undefined ? 'COINBASE_WS_URL' : 'COINBASE_REST_URL'} is set without ${restUrl === undefined ? 'COINBASE_REST_URL' : 'COINBASE_WS_URL'}; set both (for tradeloop-sim, the restUrl and wsUrl it prints) or neither.`,
    );
  }
  if (restUrl === undefined || wsUrl === undefined) {
    requireLiveFor(environmentName, live, 'COINBASE_ENV=production');
    return {
      kind: 'coinbase',
      environment: environmentName,
      ...COINBASE_HOSTS[environmentName],
      credentials,
    };
  }

  const rest = parseUrl('COINBASE_REST_URL', restUrl, ['http:', 'https:']);
  const ws = parseUrl('COINBASE_WS_URL', wsUrl, ['ws:', 'wss:']);
  const urlEnvironment = environmentOfUrls(rest, ws);
  const declared = emptyToUndefined(env.COINBASE_ENV) === undefined ? undefined : environmentName;
  if (urlEnvironment !== undefined && declared !== undefined && declared !== urlEnvironment) {
    throw new ConfigError(
      `COINBASE_ENV=${declared} does not match COINBASE_REST_URL and COINBASE_WS_URL, which reach the Coinbase ${urlEnvironment === 'production' ? 'production (real money)' : 'sandbox'} hosts; make them agree, or unset COINBASE_ENV to go by the URLs.`,
    );
  }
  const effective = urlEnvironment ?? declared ?? 'sandbox';
  requireLiveFor(
    effective,
    live,
    urlEnvironment === 'production'
      ? 'COINBASE_REST_URL/COINBASE_WS_URL pointing at a Coinbase production host'
      : 'COINBASE_ENV=production',
  );
  return {
    kind: 'coinbase',
    environment: urlEnvironment ?? 'custom',
    restUrl: rest,
    wsUrl: ws,
    credentials,
  };
}

/** Real money needs --live; --live without real money is a mistake too. */
function requireLiveFor(environment: CoinbaseEnvironment, live: boolean, what: string): void {
  if (environment === 'production' && !live) {
    throw new ConfigError(
      `${what} trades real money, so it needs the --live flag as confirmation; add --live, or point the bot at the sandbox instead.`,
    );
  }
  if (live && environment !== 'production') {
    throw new ConfigError(
      '--live confirms trading on production, but COINBASE_ENV is not production; set COINBASE_ENV=production to trade real money, or drop --live.',
    );
  }
}

/**
 * The Coinbase environment two URLs reach together: production if either reaches a production
 * host; a REST and a feed of different environments (or one Coinbase, one not) are refused.
 */
function environmentOfUrls(restUrl: string, wsUrl: string): CoinbaseEnvironment | undefined {
  const restEnvironment = coinbaseEnvironmentOf(restUrl);
  const wsEnvironment = coinbaseEnvironmentOf(wsUrl);
  if (restEnvironment === wsEnvironment) return restEnvironment;
  const describe = (environment: CoinbaseEnvironment | undefined) =>
    environment === undefined ? 'a non-Coinbase host' : `the Coinbase ${environment}`;
  throw new ConfigError(
    `COINBASE_REST_URL reaches ${describe(restEnvironment)} but COINBASE_WS_URL reaches ${describe(wsEnvironment)}; point both at the same venue${
      restEnvironment === 'production' || wsEnvironment === 'production'
        ? ' (and add --live for production)'
        : ''
    }.`,
  );
}

/**
 * `--paper`: where the market data comes from. Production's public feed by default (paper trading
 * is about the real market); COINBASE_ENV=sandbox or COINBASE_REST_URL + COINBASE_WS_URL pick
 * another. Credentials in the environment are never read here: a paper run has no key to use.
 * @throws {ConfigError} for endpoints that do not fit together, or --live.
 */
export function parsePaperVenue(env: Environment, live: boolean, api: CoinbaseApi): VenueConfig {
  if (live)
    throw new ConfigError(
      '--paper never trades real money and --live confirms that it will; drop one of them.',
    );
  const environmentName = emptyToUndefined(env.COINBASE_ENV) ?? 'production';
  if (environmentName !== 'sandbox' && environmentName !== 'production') {
    throw new ConfigError(
      `COINBASE_ENV must be sandbox or production, but it is ${JSON.stringify(environmentName)}; set it to one of those or unset it for production market data.`,
    );
  }
  const restUrl = emptyToUndefined(env.COINBASE_REST_URL);
  const wsUrl = emptyToUndefined(env.COINBASE_WS_URL);
  if ((restUrl === undefined) !== (wsUrl === undefined)) {
    throw new ConfigError(
      `${restUrl === undefined ? 'COINBASE_WS_URL' : 'COINBASE_REST_URL'} is set without ${restUrl === undefined ? 'COINBASE_REST_URL' : 'COINBASE_WS_URL'}; set both (the public feed and its REST server) or neither.`,
    );
  }
  if (restUrl !== undefined && wsUrl !== undefined)
    return {
      kind: 'paper',
      api,
      environment: 'custom',
      restUrl: parseUrl('COINBASE_REST_URL', restUrl, ['http:', 'https:']),
      wsUrl: parseUrl('COINBASE_WS_URL', wsUrl, ['ws:', 'wss:']),
    };
  return { kind: 'paper', api, environment: environmentName, ...COINBASE_HOSTS[environmentName] };
}

/** One journal per venue, so that sandbox orders are never taken for production ones. */
export function defaultJournalPath(venue: VenueConfig, baseDirectory: string): string | undefined {
  if (venue.kind === 'embedded-simulator') return undefined;
  if (venue.kind === 'advanced-trade') {
    const host = venueHost(venue.restUrl).replace(/[^A-Za-z0-9.-]+/g, '-');
    return resolve(
      baseDirectory,
      '.tradeloop',
      `journal-advanced-trade-${venue.environment === 'production' ? 'production' : `custom-${host}`}.jsonl`,
    );
  }
  if (venue.kind === 'paper')
    // The paper exchange ends with the process: a new journal per session, never a live one.
    return resolve(
      baseDirectory,
      '.tradeloop',
      `journal-paper-${venueLabel(venue)}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`,
    );
  // Keyed by the venue's REST host, so one venue reached two ways (COINBASE_ENV or URLs, any
  // spelling of the host) keeps one journal.
  const host = venueHost(venue.restUrl);
  const label =
    host === venueHost(COINBASE_HOSTS.production.restUrl)
      ? 'production'
      : host === venueHost(COINBASE_HOSTS.sandbox.restUrl)
        ? 'sandbox'
        : `custom-${host.replace(/[^A-Za-z0-9.-]+/g, '-')}`;
  return resolve(baseDirectory, '.tradeloop', `journal-${label}.jsonl`);
}

/** `sandbox`, `production`, or `custom-<host>`, for file names. */
export function venueLabel(
  venue: Exclude<VenueConfig, { kind: 'embedded-simulator' } | { kind: 'advanced-trade' }>,
): string {
  return venue.environment === 'custom'
    ? `custom-${new URL(venue.restUrl).host.replace(/[^A-Za-z0-9.-]+/g, '-')}`
    : venue.environment;
}

function parseUrl(variable: string, value: string, protocols: readonly string[]): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || !protocols.includes(url.protocol)) {
    throw new ConfigError(
      `${variable} must be a ${protocols.map((protocol) => protocol.replace(':', '://')).join(' or ')} URL, but it is ${JSON.stringify(value)}; correct it and start again.`,
    );
  }
  return value.replace(/\/+$/, '');
}

/** An environment variable's value, trimmed; `undefined` when unset or blank. */
export function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
