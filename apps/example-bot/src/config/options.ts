/**
 * The bot's option table: one entry per flag, with its environment-variable equivalent, its
 * default and its help line. It drives argv parsing, the environment fallbacks, the help text and
 * the messages that name an option.
 */
import { SIGNALS_SECRET_VARIABLE } from '../signals/signals-config.js';

/** The strategies that ship with the bot, usable by name in `--strategy`. */
export const BUILT_IN_STRATEGIES = ['market-maker', 'trend-follower', 'signal-follower'] as const;

/** One flag of the table. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The environment variable that supplies the value when the flag is absent. */
  env?: string;
  /** How the value is shown in the help text. */
  placeholder?: string;
  multiple?: boolean;
  help: string;
  defaultText?: string;
}

/** The defaults, as text, parsed like any value given. */
export const DEFAULTS = {
  strategy: 'market-maker',
  products: 'BTC-USD',
  maxOrderNotional: '1000',
  maxPosition: '0.05',
  maxOpenOrders: '10',
  dailyLossLimit: '250',
  logFormat: 'pretty',
  statusInterval: '5',
  requestTimeout: '10',
  placementLookupWindow: '12',
  journalCompactAbove: '1024',
  seed: '1',
  /** The embedded simulator's own start balances (those of the products' currencies are used). */
  paperBalances: 'USD=100000,BTC=10,ETH=100',
  paperLatencyMs: '100',
  /** Without a key; with one, its shape decides. */
  api: 'exchange',
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
  'journal-compact-above': {
    type: 'string',
    env: 'TRADELOOP_JOURNAL_COMPACT_ABOVE',
    placeholder: '<KiB>|off',
    help: 'compact the order journal (keep working orders, fill cursors and positions) when it grows past this many KiB, and at start; off never compacts',
    defaultText: DEFAULTS.journalCompactAbove,
  },
  'status-interval': {
    type: 'string',
    env: 'TRADELOOP_STATUS_INTERVAL',
    placeholder: '<seconds>',
    help: 'seconds between status lines',
    defaultText: DEFAULTS.statusInterval,
  },
  'request-timeout': {
    type: 'string',
    env: 'TRADELOOP_REQUEST_TIMEOUT',
    placeholder: '<seconds>',
    help: 'seconds to wait for one REST answer; a placement without an answer is looked up by client order id, never resent blindly',
    defaultText: DEFAULTS.requestTimeout,
  },
  'placement-lookup-window': {
    type: 'string',
    env: 'TRADELOOP_PLACEMENT_LOOKUP_WINDOW',
    placeholder: '<seconds>',
    help: 'seconds a placement without a clear answer is looked up by client order id before it may be sent again; keep it longer than the exchange can queue an order',
    defaultText: DEFAULTS.placementLookupWindow,
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
  paper: {
    type: 'boolean',
    help: 'paper trading: live public market data (no key used), orders filled locally by the backtest’s tick model; nothing is ever sent to an exchange',
  },
  balances: {
    type: 'string',
    env: 'TRADELOOP_BALANCES',
    placeholder: '<list>',
    help: 'paper start balances, e.g. USD=10000,BTC=0.5 (with --paper; by default those of the traded currencies)',
    defaultText: DEFAULTS.paperBalances,
  },
  fees: {
    type: 'string',
    env: 'TRADELOOP_FEES',
    placeholder: 'maker=<rate>,taker=<rate>',
    help: 'paper fee rates (with --paper; default Coinbase’s lowest-volume tier, maker 0.006 taker 0.012)',
  },
  'latency-ms': {
    type: 'string',
    env: 'TRADELOOP_LATENCY_MS',
    placeholder: '<ms>',
    help: 'paper order and cancel latency to the exchange (with --paper)',
    defaultText: DEFAULTS.paperLatencyMs,
  },
  record: {
    type: 'string',
    env: 'TRADELOOP_RECORD',
    placeholder: '<dir>',
    help: 'write the paper session’s market data in the backtest’s recording format to this folder (with --paper)',
  },
  api: {
    type: 'string',
    env: 'COINBASE_API',
    placeholder: 'exchange|advanced-trade',
    help: 'which Coinbase API to trade through: exchange (Coinbase Exchange) or advanced-trade (Advanced Trade, CDP keys); by default the key’s shape decides, and without a key the embedded simulator speaks the one named (--paper: exchange only)',
    defaultText: DEFAULTS.api,
  },
  live: {
    type: 'boolean',
    help: 'confirm trading real money (required with COINBASE_ENV=production, URLs that reach a Coinbase production host, and any Advanced Trade key on Coinbase’s hosts; deliberately no env equivalent)',
  },
  help: { type: 'boolean', help: 'print this help and exit' },
} as const satisfies Record<string, OptionSpec>;

/** The name of a flag, without its `--`. */
export type OptionName = keyof typeof OPTIONS;

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
    '  COINBASE_API_KEY=organizations/{org}/apiKeys/{key}, COINBASE_API_SECRET=<PEM>   an Advanced Trade (CDP) key instead (literal \\n accepted); no sandbox, so Coinbase hosts need --live',
    '  COINBASE_API=exchange|advanced-trade                             name the API explicitly (a key of the other API is refused)',
    '  COINBASE_REST_URL, COINBASE_WS_URL                               any compatible server instead, e.g. a separately started tradeloop-sim (Coinbase production hosts need --live)',
    '  COINBASE_USER_WS_URL                                             Advanced Trade user-order feed (default COINBASE_WS_URL)',
    '  With --paper no key is used: market data from Coinbase production (COINBASE_ENV=sandbox, or COINBASE_*_URL, for another public feed).',
    '',
    'Ctrl-C or SIGTERM: cancel the bot’s open orders, write the summary, exit. A second Ctrl-C exits at once.',
  ].join('\n');
}
