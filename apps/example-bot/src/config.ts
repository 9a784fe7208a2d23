/**
 * The bot's configuration: command-line flags, each with an environment-variable equivalent
 * (flags win), plus the Coinbase credentials and endpoints from the environment. Every mistake
 * becomes a {@link ConfigError} whose message is one sentence: what is wrong and how to fix it.
 */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CredentialsError, type ExchangeCredentials, exchangeCredentialsFromEnv } from '@tradeloop/auth';
import { Decimal } from 'decimal.js';
import { ConfigError } from './config-error.js';
import { parseSignalsConfig, SIGNALS_SECRET_VARIABLE, type SignalsConfig } from './signals/signals-config.js';

/** Coinbase Exchange hosts (REST and WebSocket feed) of the public sandbox and of production. */
export const COINBASE_HOSTS = {
  sandbox: {
    restUrl: 'https://api-public.sandbox.exchange.coinbase.com',
    wsUrl: 'wss://ws-feed-public.sandbox.exchange.coinbase.com',
  },
  production: {
    restUrl: 'https://api.exchange.coinbase.com',
    wsUrl: 'wss://ws-feed.exchange.coinbase.com',
  },
} as const;

/** The strategies that ship with the bot, usable by name in `--strategy`. */
export const BUILT_IN_STRATEGIES = ['market-maker', 'trend-follower', 'signal-follower'] as const;

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

/** Where the bot trades. */
export type VenueConfig =
  | {
      /** No credentials given: a simulator started inside this process, reached over loopback. */
      kind: 'embedded-simulator';
      seed: number;
    }
  | {
      kind: 'coinbase';
      /** `custom` when COINBASE_REST_URL / COINBASE_WS_URL point somewhere else (e.g. `tradeloop-sim`). */
      environment: 'sandbox' | 'production' | 'custom';
      restUrl: string;
      wsUrl: string;
      credentials: ExchangeCredentials;
    };

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
  venue: VenueConfig;
  /** The webhook intake for external signals (`--signals-listen`), if asked for. */
  signals: SignalsConfig | undefined;
  /** Raw secret values from the environment: output is scrubbed of them, whatever happens. */
  secrets: string[];
}

/** What the command line asks for: run the bot, or print the help text. */
export type Command = { kind: 'run'; config: BotConfig } | { kind: 'help'; text: string };

type Environment = Record<string, string | undefined>;

interface OptionSpec {
  type: 'string' | 'boolean';
  /** The environment variable that supplies the value when the flag is absent. */
  env?: string;
  /** How the value is shown in the help text. */
  placeholder?: string;
  multiple?: boolean;
  help: string;
  defaultText?: string;
}

const DEFAULTS = {
  strategy: 'market-maker',
  products: 'BTC-USD',
  maxOrderNotional: '1000',
  maxPosition: '0.05',
  maxOpenOrders: '10',
  dailyLossLimit: '250',
  logFormat: 'pretty',
  statusInterval: '5',
  seed: '1',
} as const;

/** The options table: it drives parsing, the environment fallbacks and the help text. */
export const OPTIONS = {
  strategy: {
    type: 'string',
    env: 'TRADELOOP_STRATEGY',
    placeholder: '<name|package|path>',
    help: `strategy to run: ${BUILT_IN_STRATEGIES.join(' or ')}, an installed package, or a module path`,
    defaultText: DEFAULTS.strategy,
  },
  param: {
    type: 'string',
    env: 'TRADELOOP_PARAMS',
    placeholder: '<name=value>',
    multiple: true,
    help: 'a strategy parameter; repeat the flag for several (env: comma-separated name=value list)',
  },
  products: {
    type: 'string',
    env: 'TRADELOOP_PRODUCTS',
    placeholder: '<ids>',
    help: 'comma-separated product ids to trade',
    defaultText: DEFAULTS.products,
  },
  'max-order-notional': {
    type: 'string',
    env: 'TRADELOOP_MAX_ORDER_NOTIONAL',
    placeholder: '<quote>',
    help: 'largest price × size of one order, in the quote currency',
    defaultText: DEFAULTS.maxOrderNotional,
  },
  'max-position': {
    type: 'string',
    env: 'TRADELOOP_MAX_POSITION',
    placeholder: '<base>',
    help: 'largest absolute position per product, in the base currency',
    defaultText: DEFAULTS.maxPosition,
  },
  'max-open-orders': {
    type: 'string',
    env: 'TRADELOOP_MAX_OPEN_ORDERS',
    placeholder: '<count>',
    help: 'most orders open at once',
    defaultText: DEFAULTS.maxOpenOrders,
  },
  'daily-loss-limit': {
    type: 'string',
    env: 'TRADELOOP_DAILY_LOSS_LIMIT',
    placeholder: '<quote>',
    help: 'loss for the UTC day (net PnL, fees included) beyond which only position-reducing orders are sent',
    defaultText: DEFAULTS.dailyLossLimit,
  },
  duration: {
    type: 'string',
    env: 'TRADELOOP_DURATION',
    placeholder: '<seconds>',
    help: 'stop by itself after this many seconds of trading (default: run until Ctrl-C)',
  },
  'summary-json': {
    type: 'string',
    env: 'TRADELOOP_SUMMARY_JSON',
    placeholder: '<file>',
    help: 'write the run summary as JSON to this file at exit',
  },
  'log-format': {
    type: 'string',
    env: 'TRADELOOP_LOG_FORMAT',
    placeholder: 'pretty|json',
    help: 'readable lines for people, or one JSON object per line for machines',
    defaultText: DEFAULTS.logFormat,
  },
  journal: {
    type: 'string',
    env: 'TRADELOOP_JOURNAL',
    placeholder: '<file>',
    help: 'order journal; a restarted bot picks up its own orders from it (default .tradeloop/journal-<venue>.jsonl; in memory with the embedded simulator)',
  },
  'status-interval': {
    type: 'string',
    env: 'TRADELOOP_STATUS_INTERVAL',
    placeholder: '<seconds>',
    help: 'seconds between status lines',
    defaultText: DEFAULTS.statusInterval,
  },
  seed: {
    type: 'string',
    env: 'TRADELOOP_SEED',
    placeholder: '<integer>',
    help: 'seed of the embedded simulator’s market',
    defaultText: DEFAULTS.seed,
  },
  'signals-listen': {
    type: 'string',
    env: 'TRADELOOP_SIGNALS_LISTEN',
    placeholder: '<host:port>',
    help: `receive signals (TradingView alerts, signed webhooks) at http://<host:port>/signals; port 0 picks a free one; the secret comes from ${SIGNALS_SECRET_VARIABLE}`,
  },
  'signals-tls-cert': {
    type: 'string',
    env: 'TRADELOOP_SIGNALS_TLS_CERT',
    placeholder: '<file>',
    help: 'PEM certificate: serve the signals intake over HTTPS (with --signals-tls-key)',
  },
  'signals-tls-key': {
    type: 'string',
    env: 'TRADELOOP_SIGNALS_TLS_KEY',
    placeholder: '<file>',
    help: 'PEM key of --signals-tls-cert',
  },
  'signals-insecure': {
    type: 'boolean',
    help: 'allow plain HTTP for the signals intake on a non-loopback address',
  },
  live: {
    type: 'boolean',
    help: 'confirm trading real money (required with COINBASE_ENV=production; deliberately no env equivalent)',
  },
  help: { type: 'boolean', help: 'print this help and exit' },
} as const satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof OPTIONS;

const PRODUCT_ID = /^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/;
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

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
  const secrets = [env.COINBASE_API_SECRET, env.COINBASE_API_PASSPHRASE, signals?.secret].filter(
    (value): value is string => typeof value === 'string' && value.length >= 4,
  );

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

type FlagValues = {
  [Name in OptionName]?: (typeof OPTIONS)[Name] extends { multiple: true }
    ? string[]
    : (typeof OPTIONS)[Name]['type'] extends 'boolean'
      ? boolean
      : string;
};

function parseFlags(argv: readonly string[]): FlagValues {
  // `pnpm start -- --duration 10` may hand the separator through; it means nothing here.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const options = Object.fromEntries(
    Object.entries(OPTIONS).map(([name, spec]) => [
      name,
      { type: spec.type, ...('multiple' in spec ? { multiple: true } : {}) },
    ]),
  ) as Record<OptionName, { type: 'string' | 'boolean'; multiple?: boolean }>;
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as FlagValues;
  } catch (error) {
    throw new ConfigError(describeParseFailure(error), { cause: error });
  }
}

function describeParseFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${quoted}; run with --help to list the options.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument "${quoted}": every option is a --flag (for example --products ${quoted}); run with --help to list them.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = /--[a-z-]+/.exec(message)?.[0] ?? quoted;
      if (message.includes('does not take an argument')) {
        return `Option ${flag} is a switch and takes no value; write ${flag} alone.`;
      }
      if (message.includes('ambiguous')) {
        return `Option ${flag} needs a value, and a value starting with "-" must be joined to it, as in ${flag}=-5.`;
      }
      const spec: OptionSpec | undefined = OPTIONS[flag.slice(2) as OptionName];
      return `Option ${flag} needs a value; write it as ${flag} ${spec?.placeholder ?? '<value>'}.`;
    }
    default:
      return `The command line could not be read (${message}); run with --help to list the options.`;
  }
}

function flagOrEnv(values: FlagValues, env: Environment, name: OptionName): string | undefined {
  const flagValue = values[name];
  if (typeof flagValue === 'string') return flagValue;
  const spec: OptionSpec = OPTIONS[name];
  if (spec.env === undefined) return undefined;
  const envValue = env[spec.env];
  return envValue === undefined || envValue === '' ? undefined : envValue;
}

/** Names the source of a value in messages: the flag, and its environment variable. */
function describeOption(name: OptionName): string {
  const spec: OptionSpec = OPTIONS[name];
  return spec.env === undefined ? `--${name}` : `--${name} (or ${spec.env})`;
}

function invalidValue(name: OptionName, received: string, expected: string): ConfigError {
  return new ConfigError(
    `${describeOption(name)} must be ${expected}, but it is ${JSON.stringify(received)}; correct the value and start again.`,
  );
}

function parsePositiveDecimal(name: OptionName, value: string): Decimal {
  const expected = 'a positive decimal number such as 250 or 0.05';
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw invalidValue(name, value, expected);
  const decimal = new Decimal(value.trim());
  if (decimal.lte(0)) throw invalidValue(name, value, expected);
  return decimal;
}

function parsePositiveInteger(name: OptionName, value: string): number {
  const expected = 'a whole number from 1 to 500';
  if (!/^\d+$/.test(value.trim())) throw invalidValue(name, value, expected);
  const count = Number(value.trim());
  if (count < 1 || count > 500) throw invalidValue(name, value, expected);
  return count;
}

function parsePositiveSeconds(name: OptionName, value: string): number {
  const expected = 'a positive number of seconds such as 30 or 2.5';
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw invalidValue(name, value, expected);
  const seconds = Number(value.trim());
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw invalidValue(name, value, expected);
  return seconds;
}

function parseSeed(value: string): number {
  if (!/^\d{1,9}$/.test(value.trim()))
    throw invalidValue('seed', value, 'a whole number from 0 to 999999999');
  return Number(value.trim());
}

function parseProducts(value: string): string[] {
  const products = value
    .split(',')
    .map((product) => product.trim())
    .filter((product) => product !== '');
  if (products.length === 0) {
    throw invalidValue('products', value, 'a comma-separated list of product ids such as BTC-USD,ETH-USD');
  }
  for (const product of products) {
    if (!PRODUCT_ID.test(product)) {
      const hint = PRODUCT_ID.test(product.toUpperCase())
        ? ` (product ids are upper-case: ${product.toUpperCase()})`
        : '';
      throw new ConfigError(
        `${describeOption('products')} holds ${JSON.stringify(product)}, which is not a product id like BTC-USD${hint}; correct the list and start again.`,
      );
    }
  }
  return [...new Set(products)];
}

function parseStrategyParameters(
  flagValues: readonly string[] | undefined,
  envValue: string | undefined,
): Record<string, string> {
  const pairs =
    flagValues !== undefined && flagValues.length > 0
      ? flagValues
      : (envValue ?? '')
          .split(',')
          .map((pair) => pair.trim())
          .filter((pair) => pair !== '');
  const parameters: Record<string, string> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    const name = separator === -1 ? pair : pair.slice(0, separator);
    if (separator === -1 || !PARAMETER_NAME.test(name)) {
      throw new ConfigError(
        `${describeOption('param')} takes name=value (for example --param spread=0.002), but received ${JSON.stringify(pair)}; correct it and start again.`,
      );
    }
    parameters[name] = pair.slice(separator + 1);
  }
  return parameters;
}

/**
 * Built-in names stay as they are; paths become absolute (relative to where the user typed the
 * command); anything else is taken as a package name and imported as such.
 */
function resolveStrategySpecifier(specifier: string, baseDirectory: string): string {
  if ((BUILT_IN_STRATEGIES as readonly string[]).includes(specifier)) return specifier;
  const looksLikePath =
    specifier.startsWith('.') || isAbsolute(specifier) || /\.(?:[cm]?[jt]s)$/.test(specifier);
  return looksLikePath ? resolve(baseDirectory, specifier) : specifier;
}

function parseVenue(env: Environment, live: boolean, seed: number): VenueConfig {
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

  if (environmentName === 'production' && !live) {
    throw new ConfigError(
      'COINBASE_ENV=production trades real money, so it needs the --live flag as confirmation; add --live, or unset COINBASE_ENV to use the sandbox.',
    );
  }
  if (live && environmentName !== 'production') {
    throw new ConfigError(
      '--live confirms trading on production, but COINBASE_ENV is not production; set COINBASE_ENV=production to trade real money, or drop --live.',
    );
  }
  if ((restUrl === undefined) !== (wsUrl === undefined)) {
    throw new ConfigError(
      `${restUrl === undefined ? 'COINBASE_WS_URL' : 'COINBASE_REST_URL'} is set without ${restUrl === undefined ? 'COINBASE_REST_URL' : 'COINBASE_WS_URL'}; set both (for tradeloop-sim, the restUrl and wsUrl it prints) or neither.`,
    );
  }
  if (restUrl !== undefined && wsUrl !== undefined) {
    return {
      kind: 'coinbase',
      environment: 'custom',
      restUrl: parseUrl('COINBASE_REST_URL', restUrl, ['http:', 'https:']),
      wsUrl: parseUrl('COINBASE_WS_URL', wsUrl, ['ws:', 'wss:']),
      credentials,
    };
  }
  return { kind: 'coinbase', environment: environmentName, ...COINBASE_HOSTS[environmentName], credentials };
}

/** One journal per venue, so that sandbox orders are never taken for production ones. */
function defaultJournalPath(venue: VenueConfig, baseDirectory: string): string | undefined {
  if (venue.kind === 'embedded-simulator') return undefined;
  const label =
    venue.environment === 'custom'
      ? `custom-${new URL(venue.restUrl).host.replace(/[^A-Za-z0-9.-]+/g, '-')}`
      : venue.environment;
  return resolve(baseDirectory, '.tradeloop', `journal-${label}.jsonl`);
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

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The `--help` text, generated from the options table so it cannot drift from the parser. */
export function helpText(): string {
  const rows = Object.entries(OPTIONS).map(([name, spec]: [string, OptionSpec]) => {
    const flag = `--${name}${spec.placeholder === undefined ? '' : ` ${spec.placeholder}`}`;
    const details = [spec.help];
    if (spec.defaultText !== undefined) details.push(`default ${spec.defaultText}`);
    if (spec.env !== undefined) details.push(`env ${spec.env}`);
    return { flag, details: details.join('; ') };
  });
  const width = Math.max(...rows.map((row) => row.flag.length)) + 2;
  return [
    'Usage: example-bot [options]   (pnpm --filter example-bot start -- [options])',
    '',
    'Runs a strategy against the embedded simulator (no credentials) or Coinbase (with credentials).',
    '',
    'Options:',
    ...rows.map((row) => `  ${row.flag.padEnd(width)}${row.details}`),
    '',
    'Environment:',
    '  COINBASE_API_KEY, COINBASE_API_SECRET, COINBASE_API_PASSPHRASE   Coinbase Exchange API key; without them the bot runs the embedded simulator',
    '  COINBASE_ENV=sandbox|production                                  which Coinbase (default sandbox; production also needs --live)',
    '  COINBASE_REST_URL, COINBASE_WS_URL                               any compatible server instead, e.g. a separately started tradeloop-sim',
    '',
    'Ctrl-C or SIGTERM: cancel the bot’s open orders, write the summary, exit. A second Ctrl-C exits at once.',
  ].join('\n');
}
