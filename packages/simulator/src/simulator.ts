import type { Permission } from './exchange/contract.js';
import { createExchange, type SimulatedExchange } from './exchange/exchange.js';
import { DEFAULT_PRODUCTS, type ProductConfig } from './exchange/products.js';
import { FaultInjector, type FaultOptions, type FaultProfileName, type FaultStats } from './faults.js';
import { type AdvancedTradeAccess, cdpKeyOf } from './server/advanced-trade/access.js';
import type { CdpKey } from './server/advanced-trade/cdp-keys.js';
import { generateLegacyKey, type LegacyAdvancedTradeKey } from './server/advanced-trade/legacy-hmac.js';
import { AdvancedTradeState } from './server/advanced-trade/state.js';
import { type ApiCredentials, ApiKeyStore, generateCredentials } from './server/api-keys.js';
import type { ServerContext } from './server/context.js';
import { defaultServerLimits } from './server/context.js';
import { RateLimiter } from './server/rate-limits.js';
import { listen } from './server/server.js';
import { InvalidSimulatorOptionError } from './simulator-errors.js';
import { checkCredentials, resolveSimulatorOptions, type SimulatorOptions } from './simulator-options.js';

/** An API key created on a running simulator, with the profile it trades for. */
export interface CreatedApiKey extends ApiCredentials {
  profileId: string;
}

/** Options of {@link RunningSimulator.createApiKey}. */
export interface CreateApiKeyOptions {
  /** Default `['view', 'trade']`. A key without `trade` gets 403 on order routes. */
  permissions?: Permission[];
  /** Attach the key to an existing profile (e.g. the default one) instead of creating a profile. */
  profileId?: string;
  /** Starting balances of the new profile (ignored with `profileId`). */
  balances?: Record<string, string>;
  /** Fixed credentials; generated when absent. */
  credentials?: ApiCredentials;
}

/** Options of {@link RunningSimulator.createCdpKey}. */
export interface CreateCdpKeyOptions {
  /** Default `['view', 'trade']`. A key without `trade` gets 403 on order routes. */
  permissions?: Permission[];
  /** Attach the key to an existing profile (e.g. the default one) instead of creating a profile. */
  profileId?: string;
  /** Starting balances of the new profile (ignored with `profileId`). */
  balances?: Record<string, string>;
  /** A fixed key; generated when absent. */
  key?: CdpKey;
}

/** A CDP key created on a running simulator, with the profile it trades for. */
export interface CreatedCdpKey extends CdpKey {
  profileId: string;
}

/** A started simulator: where to connect, with what, and how to steer and stop it. */
export interface RunningSimulator {
  /** e.g. `http://127.0.0.1:54321` */
  restUrl: string;
  /** e.g. `ws://127.0.0.1:54321` (same port as REST) */
  wsUrl: string;
  /** The default key: view + trade on the default profile. */
  credentials: ApiCredentials;
  /** The default key's profile id. */
  profileId: string;
  /**
   * The Advanced Trade protocol on the same port: its URLs and a CDP key (key name + EC P-256 PEM)
   * on the default profile, so orders placed through either protocol trade with each other.
   */
  advancedTrade: AdvancedTradeAccess;
  /** The in-process exchange behind the transport (add profiles, deposit, inspect books and accounts). */
  exchange: SimulatedExchange;
  /** Creates another key, on a new profile (with `balances`) or on an existing one. */
  createApiKey(options?: CreateApiKeyOptions): CreatedApiKey;
  /** Creates another Advanced Trade (CDP) key, on a new profile or on an existing one. */
  createCdpKey(options?: CreateCdpKeyOptions): CreatedCdpKey;
  /**
   * Creates a legacy (pre-CDP) Advanced Trade HMAC key, for clients that only speak that scheme
   * (e.g. coinbase-advanced-node 2.x). Coinbase is retiring these keys; prefer {@link createCdpKey}.
   */
  createLegacyAdvancedTradeKey(
    options?: Omit<CreateCdpKeyOptions, 'key'>,
  ): LegacyAdvancedTradeKey & { profileId: string };
  /** Replaces the fault settings while running (counts in `faultStats` are kept). */
  setFaults(faults: FaultProfileName | FaultOptions): void;
  /** How many faults of each kind were injected so far. */
  faultStats(): FaultStats;
  /** Stops the market, closes every connection and the port. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a local Coinbase Exchange: REST and WebSocket on one port, a matching engine, accounts
 * and a seeded synthetic market. Several instances in one process are independent.
 *
 * @throws {InvalidSimulatorOptionError} when an option is invalid (the message names it).
 * @example
 * const simulator = await startSimulator({ balances: { USD: '100000', BTC: '10' } });
 * // point any Coinbase Exchange client at simulator.restUrl / simulator.wsUrl with simulator.credentials
 * await simulator.stop();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const resolved = resolveSimulatorOptions(options);
  const exchange = createExchange({
    seed: resolved.seed,
    products: productConfigs(resolved.products),
    market: resolved.market.enabled ? { speed: resolved.market.speed } : false,
    ...(resolved.candleHistory === undefined ? {} : { candleHistory: resolved.candleHistory }),
  });
  const faults = new FaultInjector(resolved.faults, resolved.seed);
  const keys = new ApiKeyStore();
  const advancedTrade = new AdvancedTradeState(exchange, resolved.log, resolved.rateLimits !== undefined);
  const profiles = new Map<string, string>();
  const context: ServerContext = {
    exchange,
    keys,
    advancedTrade,
    auth: {
      failureStatus: resolved.authFailureStatus,
      querySigningMode: resolved.querySigningMode,
      windowSeconds: 30,
    },
    rateLimiter: resolved.rateLimits
      ? new RateLimiter(resolved.rateLimits, () => performance.now())
      : undefined,
    faults,
    wallClock: Date.now,
    log: resolved.log,
    limits: { ...defaultServerLimits, ...resolved.limits, subscribeTimeoutMs: resolved.subscribeTimeoutMs },
  };

  const profileFor = (keyOptions: { profileId?: string; balances?: Record<string, string> }) => {
    let profileId = keyOptions.profileId;
    let userId: string;
    if (profileId !== undefined) {
      const known = profiles.get(profileId);
      if (known === undefined) {
        throw new InvalidSimulatorOptionError(
          'profileId',
          `expected the id of a profile of this simulator, received "${profileId}"`,
        );
      }
      userId = known;
    } else {
      const profile = exchange.addProfile({ balances: keyOptions.balances ?? {} });
      profileId = profile.profileId;
      userId = profile.userId;
      profiles.set(profileId, userId);
    }
    return { profileId, userId };
  };

  const createApiKey = (keyOptions: CreateApiKeyOptions = {}): CreatedApiKey => {
    const { profileId, userId } = profileFor(keyOptions);
    if (keyOptions.credentials) checkCredentials(keyOptions.credentials);
    const credentials = keyOptions.credentials ?? generateCredentials();
    keys.add(credentials, profileId, userId, keyOptions.permissions ?? ['view', 'trade']);
    return { ...credentials, profileId };
  };

  const defaultKey = createApiKey({
    balances: resolved.balances,
    ...(resolved.credentials ? { credentials: resolved.credentials } : {}),
  });
  const createCdpKey = (keyOptions: CreateCdpKeyOptions = {}): CreatedCdpKey => {
    const key = cdpKeyOf(keyOptions.key);
    const { profileId, userId } = profileFor(keyOptions);
    advancedTrade.keys.add(
      key.keyName,
      key.publicKey,
      profileId,
      userId,
      keyOptions.permissions ?? ['view', 'trade'],
    );
    return { keyName: key.keyName, privateKey: key.privateKey, profileId };
  };
  const createLegacyAdvancedTradeKey = (keyOptions: Omit<CreateCdpKeyOptions, 'key'> = {}) => {
    const key = generateLegacyKey();
    const { profileId, userId } = profileFor(keyOptions);
    advancedTrade.legacyKeys.add(key, profileId, userId, keyOptions.permissions ?? ['view', 'trade']);
    return { ...key, profileId };
  };
  const defaultCdpKey = createCdpKey({
    profileId: defaultKey.profileId,
    ...(resolved.cdpKey ? { key: resolved.cdpKey } : {}),
  });

  exchange.start();
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(context, resolved.host, resolved.port);
  } catch (error) {
    exchange.stop();
    advancedTrade.close();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    restUrl: server.restUrl,
    wsUrl: server.wsUrl,
    credentials: {
      apiKey: defaultKey.apiKey,
      apiSecret: defaultKey.apiSecret,
      passphrase: defaultKey.passphrase,
    },
    profileId: defaultKey.profileId,
    advancedTrade: {
      restUrl: server.restUrl,
      wsUrl: `${server.wsUrl}/advanced-trade`,
      userWsUrl: `${server.wsUrl}/advanced-trade-user`,
      keyName: defaultCdpKey.keyName,
      privateKey: defaultCdpKey.privateKey,
    },
    exchange,
    createApiKey,
    createCdpKey,
    createLegacyAdvancedTradeKey,
    setFaults: (next) => {
      faults.configure(next);
      server.faultsChanged();
    },
    faultStats: () => faults.stats(),
    stop: () => {
      stopping ??= (async () => {
        exchange.stop();
        advancedTrade.close();
        await server.close();
      })();
      return stopping;
    },
  };
}

/** The product configurations for the requested ids (or configurations), in the order given. */
function productConfigs(products: Array<string | ProductConfig> | undefined): readonly ProductConfig[] {
  if (products === undefined) return DEFAULT_PRODUCTS;
  return products.map((product) => {
    if (typeof product !== 'string') return product;
    const config = DEFAULT_PRODUCTS.find((candidate) => candidate.id === product);
    if (!config) {
      throw new InvalidSimulatorOptionError(
        'products',
        `expected product ids among ${DEFAULT_PRODUCTS.map((known) => known.id).join(', ')} or product configurations, received "${product}"`,
      );
    }
    return config;
  });
}
