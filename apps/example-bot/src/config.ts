/**
 * The bot's configuration: command-line flags, each with an environment-variable equivalent
 * (flags win), plus the Coinbase credentials and endpoints from the environment. Every mistake
 * becomes a `ConfigError` whose message is one sentence: what is wrong and how to fix it.
 *
 * This file composes `config/`: the option table and help text (`options.ts`), argv parsing
 * (`argv.ts`), value parsers (`values.ts`) and venue selection (`venue.ts`).
 */
import { resolve } from 'node:path';
import type { Decimal } from 'decimal.js';
import { type Environment, flagOrEnv, parseFlags } from './config/argv.js';
import { DEFAULTS, helpText, type OptionName } from './config/options.js';
import {
  invalidValue,
  parsePositiveDecimal,
  parsePositiveInteger,
  parsePositiveSeconds,
  parseProducts,
  parseSeed,
  parseStrategyParameters,
  resolveStrategySpecifier,
} from './config/values.js';
import { defaultJournalPath, emptyToUndefined, parseVenue, type VenueConfig } from './config/venue.js';
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
  venue: VenueConfig;
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
    name: Exclude<OptionName, 'live' | 'help' | 'param' | 'signals-insecure'>,
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
  const seed = parseSeed(text('seed', DEFAULTS.seed)!);

  const venue = parseVenue(env, values.live === true, seed);
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
      venue,
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
