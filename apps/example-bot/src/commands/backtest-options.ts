/**
 * The `backtest` command line: which strategy (as for `start`), on which history (`--data` CSV
 * file or directory, `--recording` file, or `--from`/`--to` of cached downloads), with which
 * account, fees, fills and risk limits (the risk flags as for `start`), and what to write.
 * Every mistake is a {@link ConfigError}: one sentence, exit status 2.
 */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULTS } from '../config/options.js';
import {
  parsePositiveDecimal,
  parsePositiveInteger,
  parseProducts,
  parseSeed,
  parseStrategyParameters,
  resolveStrategySpecifier,
} from '../config/values.js';
import { ConfigError } from '../config-error.js';
import { parseSweep, type SweepAxis } from './sweep-grid.js';

/** Where the history comes from. */
export type HistorySource =
  | { kind: 'csv'; path: string }
  | { kind: 'recording'; path: string }
  | { kind: 'download'; from: string; to: string; granularity: number; dataUrl: string | undefined };

/** A validated backtest command. */
export interface BacktestCommand {
  /** A built-in strategy name, an absolute path, or a package name. */
  strategy: string;
  parameters: Record<string, string>;
  products: string[];
  history: HistorySource;
  from: string | undefined;
  to: string | undefined;
  balances: Record<string, string> | undefined;
  fees: string | undefined;
  slippageBps: string;
  latencyMs: number;
  seed: number;
  touch: boolean;
  risk: { maxOrderNotional: string; maxPositionSize: string; maxOpenOrders: number; dailyLossLimit: string };
  resultJson: string | undefined;
  report: string | undefined;
  sweep: SweepAxis[] | undefined;
  /** Worker threads for a sweep; default: every core. */
  jobs: number | undefined;
  /** Where downloads are cached (`.tradeloop/data` under the directory the command was typed in). */
  cacheDirectory: string;
}

const OPTIONS = {
  strategy: { type: 'string' },
  param: { type: 'string', multiple: true },
  products: { type: 'string' },
  data: { type: 'string' },
  recording: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  granularity: { type: 'string' },
  'data-url': { type: 'string' },
  'result-json': { type: 'string' },
  report: { type: 'string' },
  balances: { type: 'string' },
  fees: { type: 'string' },
  'slippage-bps': { type: 'string' },
  'latency-ms': { type: 'string' },
  seed: { type: 'string' },
  touch: { type: 'boolean' },
  sweep: { type: 'string' },
  jobs: { type: 'string' },
  'max-order-notional': { type: 'string' },
  'max-position': { type: 'string' },
  'max-open-orders': { type: 'string' },
  'daily-loss-limit': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const BACKTEST_USAGE = `Usage: pnpm --filter example-bot backtest -- --strategy <name|package|path> --products <ids> <history> [options]

Runs a strategy on history with the same plugin code that trades live.

History (one of):
  --data <file.csv|dir>         candles: time,open,high,low,close,volume[,product_id]; time = candle start (Unix s or ISO 8601 UTC)
  --recording <file.jsonl>      recorded trades (and level 2) from the record command: tick mode
  --from <date> --to <date>     candles downloaded (and cached under .tradeloop/data/) by the data command; missing pages are downloaded
  --granularity <seconds>       candle size of the download (60, 300, 900, 3600, 21600, 86400; default 60)
  --data-url <url>              server to download from (default Coinbase Exchange's public API)

Strategy, as for start:
  --strategy <name|package|path>  trend-follower, market-maker, signal-follower, an installed package or a module path (default ${DEFAULTS.strategy})
  --param <name=value>          a strategy parameter; repeat for several
  --products <ids>              comma-separated product ids (default ${DEFAULTS.products})
  --max-order-notional, --max-position, --max-open-orders, --daily-loss-limit   risk limits, as for start

Account and fills:
  --balances <USD=10000,BTC=0>  start balances (default 10000 in the quote currency)
  --fees <maker=…,taker=…>      fee rates (default Coinbase's lowest-volume tier: maker 0.006, taker 0.012)
  --slippage-bps <n>            market-order slippage in basis points (default 0)
  --latency-ms <n>              order and cancel latency (tick mode; default 0)
  --seed <n>                    seed of the run (default 1)
  --touch                       candle mode: fill limits and trigger stops on a mere touch

Output:
  --result-json <file>          the run result JSON (tradeloop.run-result v1)
  --report <file.html>          an HTML report of the result
  --sweep <name=from..to:step,…>  run every combination in parallel, print a ranked table; with --result-json, every cell's result beside it
  --jobs <n>                    worker threads for a sweep (default: every core)`;

/** Reads the command line. Returns `undefined` for `--help`. @throws {ConfigError} */
export function parseBacktestCommand(
  argv: readonly string[],
  baseDirectory: string,
): BacktestCommand | undefined {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}; run with --help to list the options.`, {
      cause: error,
    });
  }
  if (values.help === true) return undefined;
  const path = (text: string) => (isAbsolute(text) ? text : resolve(baseDirectory, text));
  const sources = [values.data, values.recording].filter((value) => value !== undefined);
  if (sources.length > 1) throw new ConfigError('Give either --data or --recording, not both.');
  let history: HistorySource;
  if (values.data !== undefined) history = { kind: 'csv', path: path(values.data) };
  else if (values.recording !== undefined) history = { kind: 'recording', path: path(values.recording) };
  else if (values.from !== undefined && values.to !== undefined)
    history = {
      kind: 'download',
      from: values.from,
      to: values.to,
      granularity: parseGranularity(values.granularity ?? '60'),
      dataUrl: values['data-url'],
    };
  else
    throw new ConfigError(
      'Say which history to test on: --data <file.csv|dir>, --recording <file.jsonl>, or --from <date> --to <date> (downloaded candles).',
    );
  for (const [name, text] of [
    ['from', values.from],
    ['to', values.to],
  ] as const)
    if (text !== undefined && Number.isNaN(Date.parse(text)))
      throw new ConfigError(
        `--${name} must be a date such as 2025-01-01 or 2025-01-01T12:00:00Z, but it is ${JSON.stringify(text)}.`,
      );
  const latencyText = values['latency-ms'] ?? '0';
  if (!/^\d{1,9}$/.test(latencyText))
    throw new ConfigError(
      `--latency-ms must be a whole number of milliseconds, but it is ${JSON.stringify(latencyText)}.`,
    );
  const slippageText = values['slippage-bps'] ?? '0';
  if (!/^\d+(\.\d+)?$/.test(slippageText))
    throw new ConfigError(
      `--slippage-bps must be a non-negative number of basis points such as 5, but it is ${JSON.stringify(slippageText)}.`,
    );
  const report = values.report === undefined ? undefined : path(values.report);
  if (report !== undefined && !report.toLowerCase().endsWith('.html'))
    throw new ConfigError(
      `--report writes HTML; give it a file name ending in .html (received "${values.report}").`,
    );
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    if (!/^\d{1,3}$/.test(values.jobs) || Number(values.jobs) < 1)
      throw new ConfigError(
        `--jobs must be a whole number of worker threads from 1, but it is ${JSON.stringify(values.jobs)}.`,
      );
    jobs = Number(values.jobs);
  }
  return {
    strategy: resolveStrategySpecifier(values.strategy ?? DEFAULTS.strategy, baseDirectory),
    parameters: parseStrategyParameters(values.param, undefined),
    products: parseProducts(values.products ?? DEFAULTS.products),
    history,
    from: values.from,
    to: values.to,
    balances: values.balances === undefined ? undefined : parseBalances(values.balances),
    fees: values.fees,
    slippageBps: slippageText,
    latencyMs: Number(latencyText),
    seed: parseSeed(values.seed ?? '1'),
    touch: values.touch === true,
    risk: {
      maxOrderNotional: parsePositiveDecimal(
        'max-order-notional',
        values['max-order-notional'] ?? DEFAULTS.maxOrderNotional,
      ).toFixed(),
      maxPositionSize: parsePositiveDecimal(
        'max-position',
        values['max-position'] ?? DEFAULTS.maxPosition,
      ).toFixed(),
      maxOpenOrders: parsePositiveInteger(
        'max-open-orders',
        values['max-open-orders'] ?? DEFAULTS.maxOpenOrders,
      ),
      dailyLossLimit: parsePositiveDecimal(
        'daily-loss-limit',
        values['daily-loss-limit'] ?? DEFAULTS.dailyLossLimit,
      ).toFixed(),
    },
    resultJson: values['result-json'] === undefined ? undefined : path(values['result-json']),
    report,
    sweep: values.sweep === undefined ? undefined : parseSweep(values.sweep),
    jobs,
    cacheDirectory: resolve(baseDirectory, '.tradeloop', 'data'),
  };
}

function parse(argv: readonly string[]) {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
}

/** `USD=10000,BTC=0` → `{ USD: '10000', BTC: '0' }`. @throws {ConfigError} */
export function parseBalances(text: string): Record<string, string> {
  const balances: Record<string, string> = {};
  for (const pair of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const match = /^([A-Z0-9]{2,12})=(\d+(?:\.\d+)?)$/.exec(pair);
    if (match === null)
      throw new ConfigError(
        `--balances takes CURRENCY=amount pairs such as USD=10000,BTC=0, but it holds ${JSON.stringify(pair)}.`,
      );
    balances[match[1] as string] = match[2] as string;
  }
  if (Object.keys(balances).length === 0)
    throw new ConfigError('--balances takes CURRENCY=amount pairs such as USD=10000,BTC=0, but it is empty.');
  return balances;
}

/** Coinbase's candle sizes, in seconds. */
export const GRANULARITIES = [60, 300, 900, 3600, 21600, 86400] as const;

/** @throws {ConfigError} for a size Coinbase does not serve. */
export function parseGranularity(text: string): number {
  const seconds = Number(text);
  if (!(GRANULARITIES as readonly number[]).includes(seconds))
    throw new ConfigError(
      `--granularity must be one of ${GRANULARITIES.join(', ')} seconds, but it is ${JSON.stringify(text)}.`,
    );
  return seconds;
}
