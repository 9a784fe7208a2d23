/**
 * `pnpm --filter example-bot record -- --products BTC-USD --channels matches,level2 --out ./recordings [--duration <s>]`:
 * records the live feed's public trades (and the level-2 book if asked) to a recording file for
 * tick-level backtests (`backtest --recording <file>`). The venue is chosen as for `start`:
 * Coinbase with COINBASE_API_* set, else the embedded simulator. Ctrl-C, SIGTERM or --duration
 * end it; the file is complete at every flush.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { RecordingWriter, recordMarketData } from '@tradeloop/backtest';
import { createCoinbaseVenue } from '@tradeloop/coinbase';
import { productId } from '@tradeloop/strategy-kit';
import { parsePositiveSeconds, parseProducts, parseSeed } from '../config/values.js';
import { parseVenue } from '../config/venue.js';
import { ConfigError } from '../config-error.js';
import { openEndpoint } from '../venue/endpoint.js';
import type { CommandStreams } from './backtest.js';

export const RECORD_USAGE = `Usage: pnpm --filter example-bot record -- --products <ids> --out <dir> [options]

Records the live feed to <dir>/<products>-<start time>.jsonl for backtest --recording.
The venue is chosen as for start: Coinbase with COINBASE_API_* set, else the embedded simulator.
  --products <ids>            comma-separated product ids (default BTC-USD)
  --channels <list>           matches (trades), level2 (book), or both: matches,level2 (default matches)
  --out <dir>                 where to write (default ./recordings)
  --duration <seconds>        stop by itself after this long (default: until Ctrl-C)
  --seed <n>                  seed of the embedded simulator's market (default 1)`;

const CHANNELS = ['matches', 'level2'] as const;

/** What the recording holds when it ends. */
export interface RecordOutcome {
  path: string;
  trades: number;
  books: number;
}

/** Runs the command until `signal` aborts or the duration ends; resolves with the exit status. */
export async function runRecordCommand(
  argv: readonly string[],
  baseDirectory: string,
  environment: Record<string, string | undefined>,
  signal: AbortSignal,
  streams: CommandStreams = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const print = (line: string) => streams.stdout.write(`${line}\n`);
  let values: ReturnType<typeof parse>['values'];
  try {
    try {
      values = parse(argv[0] === '--' ? argv.slice(1) : [...argv]).values;
    } catch (error) {
      throw new ConfigError(`${(error as Error).message}; run with --help to list the options.`);
    }
    if (values.help === true) {
      print(RECORD_USAGE);
      return 0;
    }
    const products = parseProducts(values.products ?? 'BTC-USD');
    const channels = (values.channels ?? 'matches').split(',').map((channel) => channel.trim());
    for (const channel of channels)
      if (!(CHANNELS as readonly string[]).includes(channel))
        throw new ConfigError(
          `--channels takes matches, level2 or matches,level2, but it holds ${JSON.stringify(channel)}.`,
        );
    const durationSeconds =
      values.duration === undefined ? undefined : parsePositiveSeconds('duration', values.duration);
    // Recording places no order, so production needs no --live confirmation here.
    const venueConfig = parseVenue(
      environment,
      environment.COINBASE_ENV === 'production',
      parseSeed(values.seed ?? '1'),
    );
    // parseVenue gives a paper venue only for --paper, which record does not take.
    if (venueConfig.kind === 'paper') throw new ConfigError('record takes no --paper: it places no order.');
    if (venueConfig.kind === 'advanced-trade')
      throw new ConfigError(
        'record reads the Coinbase Exchange feed; unset the Advanced Trade key to record.',
      );
    const outcome = await record({
      products,
      channels,
      directory: resolve(baseDirectory, values.out ?? 'recordings'),
      durationSeconds,
      venueConfig,
      signal,
      progress: (line) => streams.stderr.write(`${line}\n`),
    });
    print(`recorded ${outcome.trades} trades and ${outcome.books} book snapshots to ${outcome.path}`);
    print(
      `backtest it: pnpm --filter example-bot backtest -- --strategy <name> --products ${products.join(',')} --recording ${outcome.path}`,
    );
    return 0;
  } catch (error) {
    if (ConfigError.isInstance(error)) {
      streams.stderr.write(`record: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function record(options: {
  products: string[];
  channels: string[];
  directory: string;
  durationSeconds: number | undefined;
  venueConfig: Exclude<ReturnType<typeof parseVenue>, { kind: 'paper' } | { kind: 'advanced-trade' }>;
  signal: AbortSignal;
  progress: (line: string) => void;
}): Promise<RecordOutcome> {
  const endpoint = await openEndpoint(options.venueConfig);
  try {
    const venue = createCoinbaseVenue({
      credentials: endpoint.credentials,
      restUrl: endpoint.restUrl,
      feedUrl: endpoint.wsUrl,
    });
    const wireProducts = (await venue.client.getProducts()).filter((product) =>
      options.products.includes(product.id),
    );
    for (const productId of options.products)
      if (!wireProducts.some((product) => product.id === productId))
        throw new ConfigError(`${endpoint.name} does not list ${productId}; check --products.`);
    mkdirSync(options.directory, { recursive: true });
    const startedAt = new Date().toISOString();
    const path = join(
      options.directory,
      `${options.products.join('_')}-${startedAt.replace(/[:.]/g, '-')}.jsonl`,
    );
    const writer = new RecordingWriter(path, {
      products: options.products,
      channels: options.channels,
      startedAt,
      productRules: wireProducts,
    });
    const outcome: RecordOutcome = { path, trades: 0, books: 0 };
    const recorded = recordMarketData(venue, {
      write(message) {
        writer.write(message);
        if (message.type === 'trade') outcome.trades += 1;
        else outcome.books += 1;
      },
    });
    options.progress(
      `recording ${options.products.join(', ')} (${options.channels.join(', ')}) from ${endpoint.name} to ${path}; Ctrl-C to stop`,
    );
    await recorded.subscribe(
      {
        productIds: options.products.map((id) => productId(id)),
        ticker: false,
        trades: options.channels.includes('matches'),
        book: options.channels.includes('level2'),
      },
      () => {},
    );
    const status = setInterval(() => {
      writer.flush();
      options.progress(`recorded ${outcome.trades} trades, ${outcome.books} book snapshots`);
    }, 5000);
    await new Promise<void>((resolveWait) => {
      const timer =
        options.durationSeconds === undefined
          ? undefined
          : setTimeout(resolveWait, options.durationSeconds * 1000);
      options.signal.addEventListener(
        'abort',
        () => {
          if (timer !== undefined) clearTimeout(timer);
          resolveWait();
        },
        { once: true },
      );
    });
    clearInterval(status);
    await recorded.close();
    writer.close();
    return outcome;
  } finally {
    await endpoint.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      products: { type: 'string' },
      channels: { type: 'string' },
      out: { type: 'string' },
      duration: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

// Run as a script (the package's `record` script), not when imported by a test.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
  runRecordCommand(
    process.argv.slice(2),
    process.env.INIT_CWD ?? process.cwd(),
    process.env,
    controller.signal,
  ).then(
    (exitCode) => {
      process.exitCode = exitCode;
      setTimeout(() => process.exit(exitCode), 2000).unref();
    },
    (error: unknown) => {
      process.stderr.write(
        `record: stopped by an unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
