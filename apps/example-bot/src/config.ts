/**
 * The bot's configuration: command-line flags, each with an environment-variable equivalent
 * (flags win), plus the Coinbase credentials and endpoints from the environment. Every mistake
 * becomes a `ConfigError` whose message is one sentence: what is wrong and how to fix it.
 *
 * This file composes `config/`: the option table and help text (`options.ts`), argv parsing
 * (`argv.ts`), value parsers (`values.ts`) and venue selection (`venue.ts`).
 */
import { basename, resolve } from 'node:path';
import type { Decimal } from 'decimal.js';
import { selectApi, selectPaperApi } from './config/api-selection.js';
import { type Environment, flagOrEnv, parseFlags } from './config/argv.js';
import { DEFAULTS, helpText, type OptionName } from './config/options.js';
import {
  invalidValue,
  parseJournalCompactAbove,
  parsePositiveDecimal,
  parsePositiveInteger,
  parsePositiveSeconds,
  parseProducts,
  parseSeed,
  parseStrategyParameters,
  resolveStrategySpecifier,
} from './config/values.js';
import {
  defaultJournalPath,
  emptyToUndefined,
  parsePaperVenue,
  parseVenue,
  type VenueConfig,
} from './config/venue.js';
import { ConfigError } from './config-error.js';
import { SecretScrubber } from './output/secret-scrubber.js';
import { parseSignalsConfig, SIGNALS_SECRET_VARIABLE, type SignalsConfig } from './signals/signals-config.js';

export { BUILT_IN_STRATEGIES, helpText, OPTIONS } from './config/options.js';
export { COINBASE_HOSTS, type VenueConfig } from './config/venue.js';

/** Pre-trade limits every order of the strategy must pass. Money limits are in the quote currency. */
export interface RiskLimits {
  /** Largest price × size of one order, in the quote currency. */
  maxOrderNotional: Decimal;
  /** Largest absolute position per product, in the base currency. */
  maxPosition: Decimal;
  /** Most orders open at once, over all products. */
  maxOpenOrders: number;
  /** Loss for the UTC day (net PnL, fees included), in the quote currency, beyond which only reducing orders go out. */
  dailyLossLimit: Decimal;
}

/** The limits as the runtime takes them (decimal strings), for live and paper runs alike. */
export function runtimeRiskLimits(risk: RiskLimits): {
  maxOrderNotional: string;
  maxPositionSize: string;
  maxOpenOrders: number;
  dailyLossLimit: string;
} {
  return {
    maxOrderNotional: risk.maxOrderNotional.toFixed(),
    maxPositionSize: risk.maxPosition.toFixed(),
    maxOpenOrders: risk.maxOpenOrders,
    dailyLossLimit: risk.dailyLossLimit.toFixed(),
  };
}

/** `--paper`: how the paper exchange trades. */
export interface PaperSettings {
  /** Start balances by currency; `undefined`: the defaults of the traded currencies. */
  balances: Record<string, string> | undefined;
  /** `maker=…,taker=…`, or `undefined` for the documented default tier. */
  fees: string | undefined;
  latencyMs: number;
  /** Absolute folder for the session's recording, if asked for. */
  recordDirectory: string | undefined;
}

/** Everything the bot needs to run, validated. */
export interface BotConfig {
  /** A built-in strategy name, an absolute path to a module, or a package name. */
  strategy: string;
  /** `--param name=value` pairs for the strategy's parameters; the strategy validates them. */
  strategyParameters: Record<string, string>;
  products: string[];
  risk: RiskLimits;
  /** Stop by itself after this many seconds; `undefined` = run until Ctrl-C or SIGTERM. */
  durationSeconds: number | undefined;
  /** Absolute path of the summary file to write at exit, if any. */
  summaryJsonPath: string | undefined;
  logFormat: 'pretty' | 'json';
  /**
   * Absolute path of the order journal, or `undefined` to keep it in memory (the default with the
   * embedded simulator, whose exchange ends with the process anyway).
   */
  journalPath: string | undefined;
  /** Seconds between status lines. */
  statusIntervalSeconds: number;
  /** Seconds to wait for one REST answer. */
  requestTimeoutSeconds: number;
  /**
   * Seconds an unclear placement is looked up by client order id (every lookup must say "not
   * found") before the REST client may send it again: longer than the exchange can queue an order.
   */
  placementLookupWindowSeconds: number;
  /** The file journal compacts itself past this many bytes (and at start); `undefined`: never. */
  journalCompactAboveBytes: number | undefined;
  venue: VenueConfig;
  /** Set for a paper run (`--paper`, venue kind `paper`). */
  paper: PaperSettings | undefined;
  /** The webhook intake for external signals (`--signals-listen`), if asked for. */
  signals: SignalsConfig | undefined;
  /**
   * The secret values from the environment, held privately by the scrubber every sink writes
   * through (it prints as "[redacted]", so the configuration can be serialised safely).
   */
  secrets: SecretScrubber;
}

/** What the command line asks for: run the bot, or print the help text. */
export type Command = { kind: 'run'; config: BotConfig } | { kind: 'help'; text: string };

/**
 * Reads the command line and the environment.
 *
 * @param argv the arguments after the script name (`process.argv.slice(2)`).
 * @param env the environment (`process.env`).
 * @param baseDirectory where relative paths are resolved: the directory the user ran the command
 *   in (`INIT_CWD` under pnpm, otherwise the current directory).
 * @throws {ConfigError} with one sentence saying what is wrong and how to fix it.
 */
export function parseCommand(argv: readonly string[], env: Environment, baseDirectory: string): Command {
  const values = parseFlags(argv);
  if (values.help === true) return { kind: 'help', text: helpText() };

  const text = (
    name: Exclude<OptionName, 'live' | 'help' | 'param' | 'signals-insecure' | 'paper'>,
    fallback?: string,
  ) => flagOrEnv(values, env, name) ?? fallback;

  const strategy = resolveStrategySpecifier(text('strategy', DEFAULTS.strategy)!, baseDirectory);
  const products = parseProducts(text('products', DEFAULTS.products)!);
  const risk: RiskLimits = {
    maxOrderNotional: parsePositiveDecimal(
      'max-order-notional',
      text('max-order-notional', DEFAULTS.maxOrderNotional)!,
    ),
    maxPosition: parsePositiveDecimal('max-position', text('max-position', DEFAULTS.maxPosition)!),
    maxOpenOrders: parsePositiveInteger('max-open-orders', text('max-open-orders', DEFAULTS.maxOpenOrders)!),
    dailyLossLimit: parsePositiveDecimal(
      'daily-loss-limit',
      text('daily-loss-limit', DEFAULTS.dailyLossLimit)!,
    ),
  };
  const durationText = text('duration');
  const durationSeconds =
    durationText === undefined ? undefined : parsePositiveSeconds('duration', durationText);
  const logFormat = text('log-format', DEFAULTS.logFormat)!;
  if (logFormat !== 'pretty' && logFormat !== 'json') {
    throw invalidValue('log-format', logFormat, 'pretty or json');
  }
  const summaryText = text('summary-json');
  const journalText = text('journal');
  const statusIntervalSeconds = parsePositiveSeconds(
    'status-interval',
    text('status-interval', DEFAULTS.statusInterval)!,
  );
  const requestTimeoutSeconds = parsePositiveSeconds(
    'request-timeout',
    text('request-timeout', DEFAULTS.requestTimeout)!,
  );
  const placementLookupWindowSeconds = parsePositiveSeconds(
    'placement-lookup-window',
    text('placement-lookup-window', DEFAULTS.placementLookupWindow)!,
  );
  const journalCompactAboveBytes = parseJournalCompactAbove(
    text('journal-compact-above', DEFAULTS.journalCompactAbove)!,
  );
  const seed = parseSeed(text('seed', DEFAULTS.seed)!);

  const isPaper = values.paper === true;
  const requestedApi = text('api');
  // Paper runs read public market data and use no key: the key's shape picks nothing there, only
  // --api (COINBASE_API) says whose public feed to read.
  const api = isPaper ? undefined : selectApi(requestedApi, env);
  for (const name of ['balances', 'fees', 'latency-ms', 'record'] as const)
    if (!isPaper && values[name] !== undefined)
      throw new ConfigError(`--${name} applies to paper trading only; add --paper, or drop --${name}.`);
  const venue = isPaper
    ? parsePaperVenue(env, values.live === true, selectPaperApi(requestedApi))
    : parseVenue(env, values.live === true, seed, api);
  const paper: PaperSettings | undefined = isPaper
    ? {
        balances: parseBalances(text('balances')),
        fees: text('fees'),
        latencyMs: parseLatency(text('latency-ms', DEFAULTS.paperLatencyMs)!),
        recordDirectory: ((directory) =>
          directory === undefined ? undefined : resolve(baseDirectory, directory))(text('record')),
      }
    : undefined;
  // A paper journal and a live one are never the same file: the name says which it is.
  if (journalText !== undefined && isPaper !== basename(journalText).toLowerCase().includes('paper'))
    throw new ConfigError(
      isPaper
        ? `--journal ${journalText} does not say "paper" in its name, so it could be taken for a live journal; name it like journal-paper.jsonl, or drop --journal for a new paper journal per session.`
        : `--journal ${journalText} is named as a paper journal; a live run keeps its orders in a journal without "paper" in its name.`,
    );
  const journalPath =
    journalText !== undefined
      ? resolve(baseDirectory, journalText)
      : defaultJournalPath(venue, baseDirectory);
  const signals = parseSignalsConfig({
    listen: text('signals-listen'),
    tlsCert: text('signals-tls-cert'),
    tlsKey: text('signals-tls-key'),
    insecure: values['signals-insecure'] === true,
    secret: emptyToUndefined(env[SIGNALS_SECRET_VARIABLE]),
    strategy,
    journalPath,
    baseDirectory,
  });
  // A PEM (Advanced Trade) is scrubbed in every spelling and line by line (see SecretScrubber).
  const secrets = new SecretScrubber([env.COINBASE_API_SECRET, env.COINBASE_API_PASSPHRASE, signals?.secret]);

  return {
    kind: 'run',
    config: {
      strategy,
      strategyParameters: parseStrategyParameters(values.param, env.TRADELOOP_PARAMS),
      products,
      risk,
      durationSeconds,
      summaryJsonPath: summaryText === undefined ? undefined : resolve(baseDirectory, summaryText),
      logFormat,
      journalPath,
      statusIntervalSeconds,
      requestTimeoutSeconds,
      placementLookupWindowSeconds,
      journalCompactAboveBytes,
      venue,
      paper,
      signals,
      secrets,
    },
  };
}

/** The directory relative paths are resolved against: where the user typed the command. */
export function invocationDirectory(env: Environment = process.env): string {
  // pnpm runs scripts inside the package folder and keeps the user's directory in INIT_CWD.
  return env.INIT_CWD ?? process.cwd();
}

const BALANCE = /^([A-Z0-9]{2,12})=(\d+(?:\.\d+)?)$/;

/** `USD=10000,BTC=0.5` → `{ USD: '10000', BTC: '0.5' }`. @throws {ConfigError} for a malformed entry. */
function parseBalances(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const balances: Record<string, string> = {};
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const match = BALANCE.exec(entry);
    if (match === null)
      throw invalidValue('balances', text, 'a list of CURRENCY=amount such as USD=10000,BTC=0.5');
    balances[match[1] as string] = match[2] as string;
  }
  if (Object.keys(balances).length === 0)
    throw invalidValue('balances', text, 'a list of CURRENCY=amount such as USD=10000,BTC=0.5');
  return balances;
}

function parseLatency(text: string): number {
  if (!/^\d{1,6}$/.test(text.trim()))
    throw invalidValue('latency-ms', text, 'a whole number of milliseconds such as 100');
  return Number(text.trim());
}
