import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CandleDataError } from '../errors.js';
import { type CandleData, type CandleSeries, CandleSeriesBuilder, quote } from './candle-series.js';

/** Options of {@link parseCandleCsv}. */
export interface ParseCandleCsvOptions {
  /** Named in errors: the file path, or a label for in-memory text. Default `candles.csv`. */
  source?: string;
  /**
   * The product of a file without a `product_id` column. Default: taken from the file name when it
   * starts with one (`BTC-USD-1m.csv` → `BTC-USD`).
   */
  productId?: string;
}

const requiredColumns = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
const knownColumns = new Set<string>([...requiredColumns, 'product_id']);
const unixSeconds = /^\d+$/;
const isoUtc = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]00:?00)$/;
const productIdPattern = /^[A-Z0-9]{1,12}-[A-Z0-9]{1,12}$/;

/**
 * Reads candles from CSV text: a header row naming `time,open,high,low,close,volume` (any order,
 * plus an optional `product_id`), then one candle per line. `time` is the candle's START, as Unix
 * seconds or ISO 8601 UTC. Blank lines are skipped; `\r\n` line ends are fine.
 *
 * @throws CandleDataError with the 1-based line number and what is wrong: a missing or unknown
 *   column, a field count that differs from the header, a bad time or number, `high < low`, an
 *   unsorted or duplicated time (per product), no product id.
 */
export function parseCandleCsv(text: string, options: ParseCandleCsvOptions = {}): Map<string, CandleSeries> {
  const source = options.source ?? 'candles.csv';
  let position = 0;
  let lineNumber = 0;
  const nextLine = (): string | undefined => {
    if (position >= text.length) return undefined;
    let end = text.indexOf('\n', position);
    if (end < 0) end = text.length;
    let line = text.slice(position, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    position = end + 1;
    lineNumber += 1;
    return line;
  };
  let header = nextLine();
  if (header?.charCodeAt(0) === 0xfeff) header = header.slice(1);
  if (header === undefined || header.trim() === '')
    throw new CandleDataError(source, 1, undefined, `expected a header row "${requiredColumns.join(',')}"`);
  const names = header.split(',').map((name) => name.trim().toLowerCase());
  for (const name of names)
    if (!knownColumns.has(name))
      throw new CandleDataError(
        source,
        1,
        undefined,
        `unknown column ${quote(name)}: expected ${requiredColumns.join(',')} (and optionally product_id)`,
      );
  const index = (name: string): number => {
    const at = names.indexOf(name);
    if (at < 0 && name !== 'product_id')
      throw new CandleDataError(
        source,
        1,
        undefined,
        `missing column "${name}": expected ${requiredColumns.join(',')}, received ${names.join(',')}`,
      );
    if (at >= 0 && names.indexOf(name, at + 1) >= 0)
      throw new CandleDataError(source, 1, undefined, `column "${name}" appears twice`);
    return at;
  };
  const [timeAt, openAt, highAt, lowAt, closeAt, volumeAt] = requiredColumns.map(index) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const productAt = index('product_id');
  const fixedProduct = productAt < 0 ? (options.productId ?? productIdFromFileName(source)) : undefined;
  if (productAt < 0 && fixedProduct === undefined)
    throw new CandleDataError(
      source,
      1,
      undefined,
      'no product id: add a product_id column, name the file after the product (BTC-USD-1m.csv), or pass productId',
    );
  const builders = new Map<string, CandleSeriesBuilder>();
  const builderFor = (id: string): CandleSeriesBuilder => {
    let builder = builders.get(id);
    if (builder === undefined) {
      builder = new CandleSeriesBuilder(id, source);
      builders.set(id, builder);
    }
    return builder;
  };
  const single = fixedProduct === undefined ? undefined : builderFor(fixedProduct);
  const columnCount = names.length;
  /** Where each field of the current line starts and ends (reused line after line). */
  const fieldStarts = new Int32Array(columnCount);
  const fieldEnds = new Int32Array(columnCount);
  // Scans the text line by line and field by field (no array of lines, no split per line).
  while (position < text.length) {
    let end = text.indexOf('\n', position);
    if (end < 0) end = text.length;
    const lineStart = position;
    let lineEnd = end;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd -= 1;
    position = end + 1;
    lineNumber += 1;
    if (lineEnd === lineStart) continue;
    if (text.charCodeAt(lineStart) <= 32 && text.slice(lineStart, lineEnd).trim() === '') continue;
    let fields = 0;
    let fieldStart = lineStart;
    for (;;) {
      let comma = text.indexOf(',', fieldStart);
      if (comma < 0 || comma > lineEnd) comma = lineEnd;
      if (fields < columnCount) {
        fieldStarts[fields] = fieldStart;
        fieldEnds[fields] = comma;
      }
      fields += 1;
      if (comma === lineEnd) break;
      fieldStart = comma + 1;
    }
    if (fields !== columnCount)
      throw new CandleDataError(
        source,
        lineNumber,
        undefined,
        `expected ${columnCount} fields like the header, received ${fields}`,
      );
    let builder = single;
    if (builder === undefined) {
      const id = text.slice(fieldStarts[productAt] as number, fieldEnds[productAt] as number).trim();
      if (!productIdPattern.test(id))
        throw new CandleDataError(
          source,
          lineNumber,
          'product_id',
          `expected BASE-QUOTE such as BTC-USD, received ${quote(id)}`,
        );
      builder = builderFor(id);
    }
    const timeStart = fieldStarts[timeAt] as number;
    const timeEnd = fieldEnds[timeAt] as number;
    const seconds = unixSecondsAt(text, timeStart, timeEnd);
    const openStart = fieldStarts[openAt] as number;
    const openEnd = fieldEnds[openAt] as number;
    // A candle usually opens at the last close: the same string then, not another copy of it.
    const lastClose = builder.lastClose;
    const open =
      lastClose !== undefined &&
      lastClose.length === openEnd - openStart &&
      text.startsWith(lastClose, openStart)
        ? lastClose
        : text.slice(openStart, openEnd);
    builder.add(
      lineNumber,
      seconds >= 0 ? seconds * 1000 : parseCandleTime(text.slice(timeStart, timeEnd), source, lineNumber),
      open,
      text.slice(fieldStarts[highAt] as number, fieldEnds[highAt] as number),
      text.slice(fieldStarts[lowAt] as number, fieldEnds[lowAt] as number),
      text.slice(fieldStarts[closeAt] as number, fieldEnds[closeAt] as number),
      text.slice(fieldStarts[volumeAt] as number, fieldEnds[volumeAt] as number),
    );
  }
  const data = new Map<string, CandleSeries>();
  for (const id of [...builders.keys()].sort())
    data.set(id, (builders.get(id) as CandleSeriesBuilder).build());
  return data;
}

/** Reads one CSV file (see {@link parseCandleCsv}). */
export function loadCandleCsv(path: string, options: Omit<ParseCandleCsvOptions, 'source'> = {}) {
  return parseCandleCsv(readFileSync(path, 'utf8'), { ...options, source: path });
}

/**
 * Reads candles from a CSV file, or from every `*.csv` file of a directory (in name order; one
 * product may span several files, e.g. one per month, as long as their times do not overlap).
 *
 * @throws CandleDataError for a bad file, overlapping files, or a directory without CSV files.
 */
export function loadCandles(path: string): Map<string, CandleSeries> {
  const found = statSync(path, { throwIfNoEntry: false });
  if (found === undefined)
    throw new CandleDataError(
      path,
      0,
      undefined,
      'expected a CSV file or a folder of them, found nothing at this path',
    );
  if (!found.isDirectory()) return loadCandleCsv(path);
  const files = readdirSync(path)
    .filter((name) => name.toLowerCase().endsWith('.csv'))
    .sort();
  if (files.length === 0)
    throw new CandleDataError(path, 0, undefined, 'expected *.csv files in the directory, found none');
  const parts = new Map<string, Array<{ file: string; series: CandleSeries }>>();
  for (const name of files) {
    const file = join(path, name);
    for (const [id, series] of loadCandleCsv(file)) {
      const list = parts.get(id) ?? [];
      list.push({ file, series });
      parts.set(id, list);
    }
  }
  const data = new Map<string, CandleSeries>();
  for (const id of [...parts.keys()].sort()) data.set(id, concatenate(id, parts.get(id) ?? []));
  return data;
}

/** Joins one product's series from several files, refusing overlaps. */
function concatenate(productId: string, parts: Array<{ file: string; series: CandleSeries }>): CandleSeries {
  const nonEmpty = parts.filter((part) => part.series.length > 0);
  nonEmpty.sort((a, b) => (a.series.starts[0] as number) - (b.series.starts[0] as number));
  if (nonEmpty.length === 1) return (nonEmpty[0] as { series: CandleSeries }).series;
  const builder = new CandleSeriesBuilder(productId, productId);
  for (let part = 0; part < nonEmpty.length; part += 1) {
    const { file, series } = nonEmpty[part] as { file: string; series: CandleSeries };
    const previous = nonEmpty[part - 1];
    if (previous !== undefined) {
      const lastEnd = previous.series.starts[previous.series.length - 1] as number;
      if ((series.starts[0] as number) <= lastEnd)
        throw new CandleDataError(
          file,
          0,
          undefined,
          `${productId} candles overlap those of ${previous.file}: expected times after ${new Date(lastEnd).toISOString()}`,
        );
    }
    for (let row = 0; row < series.length; row += 1)
      builder.add(
        row + 2,
        series.starts[row] as number,
        series.open[row] as string,
        series.high[row] as string,
        series.low[row] as string,
        series.close[row] as string,
        series.volume[row] as string,
      );
  }
  return builder.build();
}

/**
 * A time field of plain Unix seconds (1 to 11 digits, below 1e11), read from the text in place;
 * -1 for anything else (ISO 8601, spaces, milliseconds, garbage: {@link parseCandleTime} decides).
 */
function unixSecondsAt(text: string, start: number, end: number): number {
  if (end <= start || end - start > 11) return -1;
  let seconds = 0;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return -1;
    seconds = seconds * 10 + (code - 48);
  }
  return seconds < 1e11 ? seconds : -1;
}

/** A candle start: Unix seconds or ISO 8601 UTC, in ms. */
function parseCandleTime(field: string, source: string, line: number): number {
  const text = field.charCodeAt(0) <= 32 || field.charCodeAt(field.length - 1) <= 32 ? field.trim() : field;
  if (unixSeconds.test(text)) {
    const seconds = Number(text);
    if (seconds >= 1e11)
      throw new CandleDataError(
        source,
        line,
        'time',
        `expected Unix seconds, received ${quote(text)} (milliseconds? divide by 1000)`,
      );
    return seconds * 1000;
  }
  if (isoUtc.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    if (Number.isFinite(ms)) return ms;
  }
  throw new CandleDataError(
    source,
    line,
    'time',
    `expected the candle start as Unix seconds (1735689600) or ISO 8601 UTC (2025-01-01T00:00:00Z), received ${quote(text)}`,
  );
}

function productIdFromFileName(source: string): string | undefined {
  const match = /^([A-Za-z0-9]{1,12}-[A-Za-z0-9]{1,12})(?:$|[-_.])/.exec(basename(source));
  const id = match?.[1]?.toUpperCase();
  return id !== undefined && productIdPattern.test(id) ? id : undefined;
}

/** Candles as CSV text in the loader's format (Unix-second times), e.g. to cache downloaded data. */
export function formatCandleCsv(data: CandleData): string {
  const lines = ['time,open,high,low,close,volume,product_id'];
  for (const [id, series] of data)
    for (let row = 0; row < series.length; row += 1)
      lines.push(
        `${(series.starts[row] as number) / 1000},${series.open[row]},${series.high[row]},${series.low[row]},${series.close[row]},${series.volume[row]},${id}`,
      );
  return `${lines.join('\n')}\n`;
}
