/**
 * Downloads candles from Coinbase Exchange's public candles endpoint (no key) or any server
 * speaking its protocol, 300 buckets per request, into a cache of one CSV file per page under
 * `.tradeloop/data/<host>/<product>/<granularity>/`. Pages sit on a fixed grid (multiples of
 * 300 buckets since the epoch), so any later range reuses them; a page already on disk is never
 * fetched again, which makes an interrupted download resumable. A page is written only once
 * complete (atomically) and only when its time is over.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CandleSeries,
  candleSeriesFromRows,
  formatCandleCsv,
  parseCandleCsv,
} from '@tradeloop/backtest';
import { sleep, systemClock } from '@tradeloop/clock';
import { TradeloopError } from '@tradeloop/errors';
import { Decimal } from 'decimal.js';

/** Coinbase Exchange's public REST API. */
export const COINBASE_DATA_URL = 'https://api.exchange.coinbase.com';

/** Buckets per request: Coinbase refuses more. */
export const CANDLES_PER_PAGE = 300;

/** The server answered something other than candles. */
export class CandleDownloadError extends TradeloopError {
  constructor(message: string) {
    super('candle_download_failed', message);
  }
}

/** What to download. */
export interface CandleDownloadOptions {
  /** Server origin; default {@link COINBASE_DATA_URL}. */
  dataUrl?: string | undefined;
  productId: string;
  /** Seconds per candle. */
  granularity: number;
  fromMs: number;
  toMs: number;
  /** Root of the cache (`.tradeloop/data`). */
  cacheDirectory: string;
  /** Told after each page, fetched or found in the cache. */
  onPage?: (progress: { done: number; total: number; fetched: boolean }) => void;
  /** Stops between pages (what is on disk stays). */
  signal?: AbortSignal;
  /** Now, ms (a page whose time is not over is not cached); default `Date.now`. */
  now?: () => number;
}

/** What a download did. */
export interface CandleDownloadOutcome {
  pages: number;
  fetched: number;
  fromCache: number;
  candles: number;
  directory: string;
}

/** The starts (ms) of the grid pages covering [fromMs, toMs). */
export function pageStarts(granularity: number, fromMs: number, toMs: number): number[] {
  const pageMs = granularity * 1000 * CANDLES_PER_PAGE;
  const starts: number[] = [];
  if (toMs <= fromMs) return starts;
  for (let start = Math.floor(fromMs / pageMs) * pageMs; start < toMs; start += pageMs) starts.push(start);
  return starts;
}

/** Where a product's pages of one granularity from one server are cached. */
export function cacheDirectoryFor(
  cacheDirectory: string,
  dataUrl: string,
  productId: string,
  granularity: number,
) {
  const host = new URL(dataUrl).host.replace(/[^A-Za-z0-9.-]/g, '_');
  return join(cacheDirectory, host, productId, String(granularity));
}

/** The server to ask (no trailing slash) and the cache directory of its candles. */
function sourceOf(options: CandleDownloadOptions): { dataUrl: string; directory: string } {
  const dataUrl = (options.dataUrl ?? COINBASE_DATA_URL).replace(/\/+$/, '');
  return {
    dataUrl,
    directory: cacheDirectoryFor(options.cacheDirectory, dataUrl, options.productId, options.granularity),
  };
}

function pageFile(directory: string, startMs: number): string {
  return join(directory, `${String(startMs / 1000).padStart(12, '0')}.csv`);
}

/** Downloads the pages of [fromMs, toMs) that are not cached yet. */
export async function downloadCandles(options: CandleDownloadOptions): Promise<CandleDownloadOutcome> {
  const { dataUrl, directory } = sourceOf(options);
  mkdirSync(directory, { recursive: true });
  const now = options.now ?? Date.now;
  const starts = pageStarts(options.granularity, options.fromMs, options.toMs);
  const outcome: CandleDownloadOutcome = {
    pages: starts.length,
    fetched: 0,
    fromCache: 0,
    candles: 0,
    directory,
  };
  for (const [index, start] of starts.entries()) {
    options.signal?.throwIfAborted();
    const file = pageFile(directory, start);
    const fetched = !existsSync(file);
    if (fetched) {
      const rows = await fetchPage(dataUrl, options.productId, options.granularity, start, options.signal);
      const series = candleSeriesFromRows(options.productId, rows);
      outcome.candles += series.length;
      const pageEnd = start + options.granularity * 1000 * CANDLES_PER_PAGE;
      if (pageEnd <= now()) {
        writeFileSync(`${file}.partial`, formatCandleCsv(new Map([[options.productId, series]])));
        renameSync(`${file}.partial`, file);
      }
      outcome.fetched += 1;
    } else outcome.fromCache += 1;
    options.onPage?.({ done: index + 1, total: starts.length, fetched });
  }
  return outcome;
}

/**
 * The cached candles of [fromMs, toMs) as one series (downloading what is missing first is the
 * caller's choice). Candles outside the range are left out.
 */
export function loadCachedCandles(options: CandleDownloadOptions): CandleSeries {
  const { directory } = sourceOf(options);
  const lines = ['time,open,high,low,close,volume,product_id'];
  for (const start of pageStarts(options.granularity, options.fromMs, options.toMs)) {
    const file = pageFile(directory, start);
    if (!existsSync(file))
      throw new CandleDownloadError(
        `the candles of ${options.productId} from ${new Date(start).toISOString()} are not downloaded; run the data download command for this range first`,
      );
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      if (line === '') continue;
      const startMs = Number(line.slice(0, line.indexOf(','))) * 1000;
      if (startMs >= options.fromMs && startMs < options.toMs) lines.push(line);
    }
  }
  const series = parseCandleCsv(`${lines.join('\n')}\n`, { source: directory }).get(options.productId);
  return series ?? candleSeriesFromRows(options.productId, []);
}

async function fetchPage(
  dataUrl: string,
  productId: string,
  granularity: number,
  startMs: number,
  signal: AbortSignal | undefined,
) {
  const endMs = startMs + granularity * 1000 * (CANDLES_PER_PAGE - 1);
  const url = `${dataUrl}/products/${encodeURIComponent(productId)}/candles?granularity=${granularity}&start=${new Date(startMs).toISOString()}&end=${new Date(endMs).toISOString()}`;
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, {
      headers: { accept: 'application/json', 'user-agent': 'tradeloop-example-bot' },
      ...(signal === undefined ? {} : { signal }),
    });
    // Public endpoints allow a few requests a second: wait and try again when told to slow down.
    if ((response.status === 429 || response.status >= 500) && attempt < 6) {
      await response.body?.cancel();
      await sleep(systemClock, 250 * 2 ** attempt, signal);
      continue;
    }
    const text = await response.text();
    if (!response.ok)
      throw new CandleDownloadError(`GET ${url} answered ${response.status}: ${text.slice(0, 200)}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new CandleDownloadError(`GET ${url} answered text that is not JSON: ${text.slice(0, 200)}`);
    }
    if (!Array.isArray(body))
      throw new CandleDownloadError(`GET ${url} answered ${text.slice(0, 200)}, expected a list of candles`);
    return body
      .map((row: unknown, index) => {
        if (!Array.isArray(row) || row.length < 6 || row.some((value) => typeof value !== 'number'))
          throw new CandleDownloadError(
            `GET ${url}: candle ${index} is ${JSON.stringify(row)}, expected [time, low, high, open, close, volume]`,
          );
        const [time, low, high, open, close, volume] = row as number[];
        // Coinbase sends numbers; a decimal string of each keeps the digits without exponents.
        const text = (value: number) => new Decimal(value).toFixed();
        return {
          start: (time as number) * 1000,
          open: text(open as number),
          high: text(high as number),
          low: text(low as number),
          close: text(close as number),
          volume: text(volume as number),
        };
      })
      .filter((row) => row.start >= startMs && row.start <= endMs)
      .sort((left, right) => left.start - right.start);
  }
}
