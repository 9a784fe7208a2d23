/**
 * `pnpm --filter example-bot data -- download --products BTC-USD --granularity 60 --from 2025-01-01 --to 2025-03-01 [--data-url <url>]`:
 * downloads candles from Coinbase Exchange's public candles endpoint (no key needed), 300 per
 * request, into `.tradeloop/data/` under the directory the command was typed in. Run it again
 * after an interruption: only the missing pages are fetched. `backtest --from … --to …` reads
 * the same cache.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseProducts } from '../config/values.js';
import { ConfigError } from '../config-error.js';
import { ProgressBar } from '../output/progress-bar.js';
import type { CommandStreams } from './backtest.js';
import { parseGranularity } from './backtest-options.js';
import { CandleDownloadError, COINBASE_DATA_URL, downloadCandles } from './candle-download.js';

export const DATA_USAGE = `Usage: pnpm --filter example-bot data -- download --products <ids> --from <date> --to <date> [options]

Downloads candles (Coinbase's public endpoint, no key; 300 per request) into .tradeloop/data/,
resuming where an interrupted download stopped. backtest --from/--to reads them from there.
  --products <ids>          comma-separated product ids, e.g. BTC-USD,ETH-USD
  --from <date>, --to <date> the period (ISO 8601 or YYYY-MM-DD, UTC; --to exclusive)
  --granularity <seconds>   60, 300, 900, 3600, 21600 or 86400 (default 60)
  --data-url <url>          another server speaking the Coinbase protocol (default ${COINBASE_DATA_URL})`;

/** Runs the command; resolves with the exit status. */
export async function runDataCommand(
  argv: readonly string[],
  baseDirectory: string,
  streams: CommandStreams = { stdout: process.stdout, stderr: process.stderr },
  signal?: AbortSignal,
): Promise<number> {
  const print = (line: string) => streams.stdout.write(`${line}\n`);
  try {
    const args = argv[0] === '--' ? argv.slice(1) : [...argv];
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(args);
    } catch (error) {
      throw new ConfigError(`${(error as Error).message}; run with --help to list the options.`);
    }
    const { values, positionals } = parsed;
    if (values.help === true) {
      print(DATA_USAGE);
      return 0;
    }
    if (positionals.length !== 1 || positionals[0] !== 'download')
      throw new ConfigError(
        `The data command has one action, download (received ${JSON.stringify(positionals.join(' '))}); run with --help for its options.`,
      );
    if (values.from === undefined || values.to === undefined)
      throw new ConfigError(
        'data download needs the period: --from <date> --to <date>, e.g. --from 2025-01-01 --to 2025-03-01.',
      );
    const fromMs = Date.parse(values.from);
    const toMs = Date.parse(values.to);
    if (Number.isNaN(fromMs) || Number.isNaN(toMs) || toMs <= fromMs)
      throw new ConfigError(
        `--from and --to must be dates with --from first, but they are ${JSON.stringify(values.from)} and ${JSON.stringify(values.to)}.`,
      );
    const products = parseProducts(values.products ?? '');
    const granularity = parseGranularity(values.granularity ?? '60');
    const dataUrl = values['data-url'] ?? COINBASE_DATA_URL;
    try {
      new URL(dataUrl);
    } catch {
      throw new ConfigError(
        `--data-url must be a URL such as http://127.0.0.1:8080, but it is ${JSON.stringify(dataUrl)}.`,
      );
    }
    for (const productId of products) {
      let bar: ProgressBar | undefined;
      const outcome = await downloadCandles({
        dataUrl,
        productId,
        granularity,
        fromMs,
        toMs,
        cacheDirectory: resolve(baseDirectory, '.tradeloop', 'data'),
        ...(signal === undefined ? {} : { signal }),
        onPage: ({ done, total }) => {
          bar ??= new ProgressBar({ label: `download ${productId}`, total, stream: streams.stderr });
          bar.update(done);
        },
      });
      bar?.finish();
      print(
        `${productId}: ${outcome.pages} pages of ${granularity}s candles, ${outcome.fetched} downloaded (${outcome.candles} candles), ${outcome.fromCache} already cached · ${outcome.directory}`,
      );
    }
    return 0;
  } catch (error) {
    if (signal?.aborted === true) {
      streams.stderr.write('\ndata: interrupted; run the same command again to download the rest\n');
      return 130;
    }
    if (ConfigError.isInstance(error) || CandleDownloadError.isInstance(error)) {
      streams.stderr.write(`data: ${error.message}\n`);
      return ConfigError.isInstance(error) ? 2 : 1;
    }
    throw error;
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      products: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      granularity: { type: 'string' },
      'data-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}

// Run as a script (the package's `data` script), not when imported by a test.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Ctrl-C stops between pages; the pages on disk stay for the next run.
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  runDataCommand(
    process.argv.slice(2),
    process.env.INIT_CWD ?? process.cwd(),
    undefined,
    controller.signal,
  ).then(
    (exitCode) => {
      process.exitCode = exitCode;
    },
    (error: unknown) => {
      process.stderr.write(
        `data: stopped by an unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
