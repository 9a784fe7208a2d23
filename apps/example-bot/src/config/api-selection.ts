/**
 * Which Coinbase API the bot trades through: Coinbase Exchange (an HMAC key: key, base64 secret,
 * passphrase) or Advanced Trade (a CDP key: `organizations/{org}/apiKeys/{key}` and an EC private
 * key in PEM). The key's shape selects the API; `COINBASE_API` (or `--api`) names it explicitly,
 * and a key of the other API's shape is refused before anything is sent.
 */
import { type CdpCredentials, CredentialsError, createCdpCredentials } from '@tradeloop/auth';
import { advancedTradeProductionHosts, coinbaseEnvironmentOf } from '@tradeloop/coinbase';
import { ConfigError } from '../config-error.js';
import type { Environment } from './argv.js';

/** The two Coinbase APIs. */
export type CoinbaseApi = 'exchange' | 'advanced-trade';

const CDP_KEY_NAME = /^organizations\/[^/\s]+\/apiKeys\/[^/\s]+$/;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/**
 * The API the credentials in the environment belong to, or `undefined` without a key. A key name
 * of the CDP shape or a PEM secret is Advanced Trade; anything else is Exchange.
 */
export function apiOfCredentials(env: Environment): CoinbaseApi | undefined {
  const key = env.COINBASE_API_KEY?.trim() ?? '';
  const secret = env.COINBASE_API_SECRET ?? '';
  if (key === '' && secret.trim() === '' && (env.COINBASE_API_PASSPHRASE ?? '').trim() === '')
    return undefined;
  return CDP_KEY_NAME.test(key) || PEM.test(secret) ? 'advanced-trade' : 'exchange';
}

/**
 * `--api` / `COINBASE_API` as given, checked against the credentials' shape.
 * @throws {ConfigError} for an unknown value, or a key of the other API.
 */
export function selectApi(requestedText: string | undefined, env: Environment): CoinbaseApi | undefined {
  const requested = parseRequestedApi(requestedText, "to go by the key's shape");
  const ofKey = apiOfCredentials(env);
  if (requested === undefined || ofKey === undefined || requested === ofKey) return requested ?? ofKey;
  throw new ConfigError(
    ofKey === 'advanced-trade'
      ? `COINBASE_API_KEY and COINBASE_API_SECRET hold an Advanced Trade (CDP) key — a key name "organizations/…/apiKeys/…" or a PEM private key — but the bot was asked for Coinbase Exchange (--api exchange or COINBASE_API=exchange), which only takes an Exchange key with its passphrase; set COINBASE_API=advanced-trade, or use an Exchange key.`
      : `COINBASE_API_KEY holds a Coinbase Exchange key, but the bot was asked for Advanced Trade (--api advanced-trade or COINBASE_API=advanced-trade), which only takes a CDP key (a key name "organizations/{org}/apiKeys/{key}" with its PEM private key); set COINBASE_API=exchange, or create an Advanced Trade key on the Coinbase Developer Platform.`,
  );
}

/**
 * The API whose public market data a paper run reads: `--api` (COINBASE_API) as given, else
 * `exchange`. A key's shape is not consulted: a paper run never uses a key.
 * @throws {ConfigError} for a value that names neither API.
 */
export function selectPaperApi(requested: string | undefined): CoinbaseApi {
  return parseRequestedApi(requested, "for the Exchange's public feed") ?? 'exchange';
}

/**
 * `--api` (COINBASE_API) as one of the two API names, or `undefined` when unset.
 * @param whenUnset what leaving it unset does, for the error's advice.
 * @throws {ConfigError} for a value that names neither API.
 */
function parseRequestedApi(requested: string | undefined, whenUnset: string): CoinbaseApi | undefined {
  if (requested === undefined || requested === 'exchange' || requested === 'advanced-trade') return requested;
  throw new ConfigError(
    `--api (COINBASE_API) must be exchange or advanced-trade, but it is ${JSON.stringify(requested)}; set one of those, or unset it ${whenUnset}.`,
  );
}

/** Where the bot trades through Advanced Trade, with what key. */
export interface AdvancedTradeVenueConfig {
  kind: 'advanced-trade';
  /** `production` for Coinbase's hosts (there is no Advanced Trade sandbox), `custom` for any other server. */
  environment: 'production' | 'custom';
  restUrl: string;
  wsUrl: string;
  userWsUrl: string;
  credentials: CdpCredentials;
}

/**
 * Advanced Trade with credentials: Coinbase's hosts unless COINBASE_REST_URL and COINBASE_WS_URL
 * (and COINBASE_USER_WS_URL, default the market one) name another server. Coinbase's hosts are
 * real money whatever COINBASE_ENV says, so they always need --live.
 * @throws {ConfigError} for an unusable key or URLs, or a missing/misplaced --live.
 */
export function parseAdvancedTradeVenue(
  env: Environment,
  live: boolean,
  parseUrl: (variable: string, value: string, protocols: readonly string[]) => string,
): AdvancedTradeVenueConfig {
  if (env.COINBASE_ENV?.trim() === 'sandbox')
    throw new ConfigError(
      'COINBASE_ENV=sandbox was given with an Advanced Trade key, but Advanced Trade has no trading sandbox; unset COINBASE_ENV and point COINBASE_REST_URL, COINBASE_WS_URL and COINBASE_USER_WS_URL at a simulator (tradeloop-sim prints them under "advancedTrade"), or trade real money with --live.',
    );
  const credentials = cdpCredentialsOf(env);
  const given = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const restText = given('COINBASE_REST_URL');
  const wsText = given('COINBASE_WS_URL');
  const userWsText = given('COINBASE_USER_WS_URL');
  if (restText === undefined && wsText === undefined && userWsText === undefined) {
    requireLive(live, 'the Coinbase Advanced Trade hosts');
    return {
      kind: 'advanced-trade',
      environment: 'production',
      ...advancedTradeProductionHosts,
      credentials,
    };
  }
  if (restText === undefined || wsText === undefined)
    throw new ConfigError(
      `${restText === undefined ? 'COINBASE_REST_URL' : 'COINBASE_WS_URL'} is missing: with Advanced Trade set COINBASE_REST_URL and COINBASE_WS_URL (and COINBASE_USER_WS_URL for a separate user-order feed) together, or none of them for Coinbase's own hosts.`,
    );
  const restUrl = parseUrl('COINBASE_REST_URL', restText, ['http:', 'https:']);
  const wsUrl = parseUrl('COINBASE_WS_URL', wsText, ['ws:', 'wss:']);
  const userWsUrl =
    userWsText === undefined ? wsUrl : parseUrl('COINBASE_USER_WS_URL', userWsText, ['ws:', 'wss:']);
  const coinbaseHosts = [restUrl, wsUrl, userWsUrl].filter((url) => coinbaseEnvironmentOf(url) !== undefined);
  if (coinbaseHosts.length > 0) {
    if (coinbaseHosts.length < 3)
      throw new ConfigError(
        `COINBASE_REST_URL, COINBASE_WS_URL and COINBASE_USER_WS_URL mix Coinbase hosts with other servers (${coinbaseHosts.join(', ')} ${coinbaseHosts.length === 1 ? 'is' : 'are'} Coinbase's); point all of them at the same venue.`,
      );
    requireLive(
      live,
      'COINBASE_REST_URL, COINBASE_WS_URL and COINBASE_USER_WS_URL pointing at Coinbase hosts',
    );
    return { kind: 'advanced-trade', environment: 'production', restUrl, wsUrl, userWsUrl, credentials };
  }
  if (live)
    throw new ConfigError(
      '--live confirms trading real money on Coinbase, but COINBASE_REST_URL and COINBASE_WS_URL point at another server; drop --live, or unset the URLs to trade on Coinbase.',
    );
  return { kind: 'advanced-trade', environment: 'custom', restUrl, wsUrl, userWsUrl, credentials };
}

function requireLive(live: boolean, what: string): void {
  if (!live)
    throw new ConfigError(
      `An Advanced Trade key for ${what} trades real money — Advanced Trade has no sandbox — so it needs the --live flag as confirmation; add --live, or point COINBASE_REST_URL, COINBASE_WS_URL and COINBASE_USER_WS_URL at a simulator.`,
    );
}

/** The CDP key from COINBASE_API_KEY and COINBASE_API_SECRET (a PEM; literal `\n` accepted). */
function cdpCredentialsOf(env: Environment): CdpCredentials {
  const keyName = env.COINBASE_API_KEY?.trim() ?? '';
  const secret = (env.COINBASE_API_SECRET ?? '').replaceAll('\\n', '\n').trim();
  if (keyName === '' || secret === '')
    throw new ConfigError(
      `${keyName === '' ? 'COINBASE_API_KEY' : 'COINBASE_API_SECRET'} is not set: an Advanced Trade key needs its key name ("organizations/{org}/apiKeys/{key}") in COINBASE_API_KEY and its PEM private key in COINBASE_API_SECRET.`,
    );
  if (!PEM.test(secret))
    throw new ConfigError(
      'COINBASE_API_KEY holds an Advanced Trade key name, but COINBASE_API_SECRET is not a PEM private key (an Exchange key\'s base64 secret does not go with it); put the key\'s "-----BEGIN EC PRIVATE KEY-----…" text there, with literal \\n for line breaks if needed.',
    );
  try {
    return createCdpCredentials(
      { keyName, privateKey: secret },
      { keyName: 'COINBASE_API_KEY', privateKey: 'COINBASE_API_SECRET' },
    );
  } catch (error) {
    if (CredentialsError.isInstance(error))
      throw new ConfigError(
        `The Advanced Trade key in the environment is not usable (${error.message}); fix the variable, or unset COINBASE_API_KEY and COINBASE_API_SECRET to run against the embedded simulator.`,
        { cause: error },
      );
    throw error;
  }
}
