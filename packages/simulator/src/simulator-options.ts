import type { ProductConfig } from './exchange/products.js';
import type { FaultOptions, FaultProfileName } from './faults.js';
import { type CandleHistoryOptions, MAX_HISTORY_CANDLES } from './market/candle-history.js';
import { cdpKeyOf } from './server/advanced-trade/access.js';
import type { CdpKey } from './server/advanced-trade/cdp-keys.js';
import { isBase64Secret } from './server/api-keys.js';
import type { QuerySigningMode } from './server/auth.js';
import type { ServerLimits } from './server/context.js';
import { coinbaseRateLimits, type RateLimitSettings } from './server/rate-limits.js';
import { InvalidSimulatorOptionError } from './simulator-errors.js';

/** Fixed credentials for the default API key. */
export interface SimulatorCredentials {
  apiKey: string;
  /** Base64, as Coinbase issues secrets. */
  apiSecret: string;
  passphrase: string;
}

/** Options of {@link startSimulator}; every field is optional. */
export interface SimulatorOptions {
  /** TCP port; 0 (default) picks any free port. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Seed of ids, the synthetic market and the fault dice (default 1). */
  seed?: number;
  /**
   * Products to list (default `['BTC-USD', 'ETH-USD', 'ETH-BTC']`): ids from that catalog, or
   * configurations of your own (id, currencies, increments, minimum funds, starting price).
   */
  products?: Array<string | ProductConfig>;
  /** Starting balances of the default key's profile, e.g. `{ USD: '100000', BTC: '10' }`. */
  balances?: Record<string, string>;
  /** A fault profile or fine-grained fault settings (default `'none'`). */
  faults?: FaultProfileName | FaultOptions;
  /** Coinbase's REST rate limits: on (default), off, or custom buckets. */
  rateLimits?: boolean | Partial<RateLimitSettings>;
  /** Credentials of the default key (view + trade); generated when absent. */
  credentials?: SimulatorCredentials;
  /** The default profile's Advanced Trade (CDP) key: key name + EC P-256 PEM; generated when absent. */
  cdpKey?: CdpKey;
  /** The synthetic market: background traders keep a book and trade (default enabled, speed 1). */
  market?: { enabled?: boolean; speed?: number };
  /** A WebSocket that has not subscribed within this time is closed (default 5000 ms). */
  subscribeTimeoutMs?: number;
  /** Status of authentication failures: 401 (default, today's Coinbase) or 400 (older captures). */
  authFailureStatus?: 400 | 401;
  /** `'strict'` (default): verify the signature over the raw request target only; `'lenient'` also accepts re-encoded queries. */
  querySigningMode?: QuerySigningMode;
  /**
   * Body, frame, connection, idle-socket and send-buffer limits (defaults: 64 KiB bodies and frames,
   * 10,000 feed connections, 12,000 sockets, 90 s idle, 16 MiB unsent per connection).
   */
  limits?: Partial<
    Pick<
      ServerLimits,
      | 'maxBodyBytes'
      | 'maxWebSocketMessageBytes'
      | 'maxWebSocketConnections'
      | 'maxWebSocketBufferedBytes'
      | 'maxConnections'
      | 'idleSocketTimeoutMs'
    >
  >;
  /** Where the simulator logs (default: nowhere). Never receives secrets. */
  log?: (line: string) => void;
  /**
   * History to serve from `GET /products/{id}/candles`: deterministic candles (a seeded random
   * walk per product) from `from` to `to` (ISO 8601 or ms), `granularity` seconds each (default
   * 60), so candle downloads can be tested with paging and resuming. Default: none.
   */
  candleHistory?: { from: string | number; to: string | number; granularity?: number };
}

/** Options with defaults applied and every value checked. */
export interface ResolvedSimulatorOptions {
  port: number;
  host: string;
  seed: number;
  products: Array<string | ProductConfig> | undefined;
  balances: Record<string, string>;
  faults: FaultProfileName | FaultOptions;
  rateLimits: RateLimitSettings | undefined;
  credentials: SimulatorCredentials | undefined;
  cdpKey: CdpKey | undefined;
  market: { enabled: boolean; speed: number };
  subscribeTimeoutMs: number;
  authFailureStatus: 400 | 401;
  querySigningMode: QuerySigningMode;
  limits: NonNullable<SimulatorOptions['limits']>;
  log: (line: string) => void;
  candleHistory: CandleHistoryOptions | undefined;
}

/** Default starting balances of the default key's profile. */
export const defaultBalances: Readonly<Record<string, string>> = { USD: '100000', BTC: '10', ETH: '100' };

/** Applies defaults and validates; throws {@link InvalidSimulatorOptionError} naming the option. */
export function resolveSimulatorOptions(options: SimulatorOptions = {}): ResolvedSimulatorOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidSimulatorOptionError(
      'port',
      `expected an integer from 0 to 65535, received ${String(port)}`,
    );
  }
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidSimulatorOptionError(
      'seed',
      `expected a non-negative integer, received ${String(seed)}`,
    );
  }
  const balances = options.balances ?? { ...defaultBalances };
  for (const [currency, amount] of Object.entries(balances)) {
    if (typeof amount !== 'string' || !/^\d+(\.\d+)?$/.test(amount)) {
      throw new InvalidSimulatorOptionError(
        `balances.${currency}`,
        `expected a non-negative decimal string such as "1000.50", received ${JSON.stringify(amount)}`,
      );
    }
  }
  if (options.credentials) checkCredentials(options.credentials);
  if (options.cdpKey) cdpKeyOf(options.cdpKey);
  const speed = options.market?.speed ?? 1;
  if (typeof speed !== 'number' || !(speed > 0) || !Number.isFinite(speed)) {
    throw new InvalidSimulatorOptionError(
      'market.speed',
      `expected a positive number, received ${String(speed)}`,
    );
  }
  const subscribeTimeoutMs = options.subscribeTimeoutMs ?? 5000;
  if (!(subscribeTimeoutMs > 0) || !Number.isFinite(subscribeTimeoutMs)) {
    throw new InvalidSimulatorOptionError(
      'subscribeTimeoutMs',
      `expected a positive number, received ${String(subscribeTimeoutMs)}`,
    );
  }
  const authFailureStatus = options.authFailureStatus ?? 401;
  if (authFailureStatus !== 400 && authFailureStatus !== 401) {
    throw new InvalidSimulatorOptionError(
      'authFailureStatus',
      `expected 400 or 401, received ${String(authFailureStatus)}`,
    );
  }
  const querySigningMode = options.querySigningMode ?? 'strict';
  if (querySigningMode !== 'strict' && querySigningMode !== 'lenient') {
    throw new InvalidSimulatorOptionError(
      'querySigningMode',
      `expected "strict" or "lenient", received ${String(querySigningMode)}`,
    );
  }
  if (options.products !== undefined && (!Array.isArray(options.products) || options.products.length === 0)) {
    throw new InvalidSimulatorOptionError(
      'products',
      'expected a non-empty array of product ids such as "BTC-USD" or product configurations',
    );
  }
  return {
    port,
    host: options.host ?? '127.0.0.1',
    seed,
    products: options.products,
    balances,
    faults: options.faults ?? 'none',
    rateLimits: resolveRateLimits(options.rateLimits),
    credentials: options.credentials,
    cdpKey: options.cdpKey,
    market: { enabled: options.market?.enabled ?? true, speed },
    subscribeTimeoutMs,
    authFailureStatus,
    querySigningMode,
    limits: options.limits ?? {},
    log: options.log ?? (() => {}),
    candleHistory: resolveCandleHistory(options.candleHistory),
  };
}

function resolveCandleHistory(history: SimulatorOptions['candleHistory']): CandleHistoryOptions | undefined {
  if (history === undefined) return undefined;
  const toMs = (value: string | number) => (typeof value === 'number' ? value : Date.parse(value));
  const from = toMs(history.from);
  const to = toMs(history.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    throw new InvalidSimulatorOptionError(
      'candleHistory',
      `expected from before to (ISO 8601 or ms), received ${JSON.stringify(history.from)}..${JSON.stringify(history.to)}`,
    );
  }
  const granularity = history.granularity ?? 60;
  if (![60, 300, 900, 3600, 21600, 86400].includes(granularity)) {
    throw new InvalidSimulatorOptionError(
      'candleHistory.granularity',
      `expected 60, 300, 900, 3600, 21600 or 86400 seconds, received ${String(granularity)}`,
    );
  }
  if ((to - from) / (granularity * 1000) > MAX_HISTORY_CANDLES) {
    throw new InvalidSimulatorOptionError(
      'candleHistory',
      `expected at most ${MAX_HISTORY_CANDLES} candles, received a range of ${Math.ceil((to - from) / (granularity * 1000))}`,
    );
  }
  return { from, to, granularity };
}

function resolveRateLimits(rateLimits: SimulatorOptions['rateLimits']): RateLimitSettings | undefined {
  if (rateLimits === false) return undefined;
  if (rateLimits === undefined || rateLimits === true) return coinbaseRateLimits;
  const settings = { ...coinbaseRateLimits, ...rateLimits };
  for (const [name, spec] of Object.entries(settings)) {
    if (!(spec.ratePerSecond >= 0) || !(spec.burst >= 1)) {
      throw new InvalidSimulatorOptionError(
        `rateLimits.${name}`,
        `expected ratePerSecond ≥ 0 and burst ≥ 1, received ${JSON.stringify(spec)}`,
      );
    }
  }
  return settings;
}

/** Checks fixed credentials by shape; the message describes values without echoing them. */
export function checkCredentials(credentials: SimulatorCredentials): void {
  if (typeof credentials.apiKey !== 'string' || credentials.apiKey === '') {
    throw new InvalidSimulatorOptionError('credentials.apiKey', 'expected a non-empty string');
  }
  if (typeof credentials.apiSecret !== 'string' || !isBase64Secret(credentials.apiSecret)) {
    throw new InvalidSimulatorOptionError(
      'credentials.apiSecret',
      `expected standard base64 (as Coinbase issues secrets), received ${typeof credentials.apiSecret === 'string' ? `a string of ${credentials.apiSecret.length} characters that is not base64` : typeof credentials.apiSecret}`,
    );
  }
  if (typeof credentials.passphrase !== 'string') {
    throw new InvalidSimulatorOptionError(
      'credentials.passphrase',
      `expected a string, received ${typeof credentials.passphrase}`,
    );
  }
}
