import { closeSync, openSync, writeSync } from 'node:fs';
import { RecordingFormatError } from '../errors.js';
import { isUnsignedDecimal, quote } from './candle-series.js';
import { LineReader, type LineSource } from './line-reader.js';
import {
  createTradeLineScan,
  type RecordedTrade,
  readTradeLine,
  readTradeLineAhead,
  type TradeLineNumbers,
} from './trade-line.js';

export type { RecordedTrade };

/**
 * The recording format for tick-mode backtests: JSON lines (one JSON object per line, UTF-8).
 * Line 1 is the header; every other line is one market message, in the order it was received,
 * with `time` in ms since the epoch (never decreasing). Money is a decimal string.
 *
 * ```jsonl
 * {"format":"tradeloop.recording","version":1,"products":["BTC-USD"],"channels":["matches","level2"],"startedAt":"2025-01-01T00:00:00.000Z"}
 * {"type":"book-snapshot","time":1735689600000,"productId":"BTC-USD","bids":[["43000.00","1.5"]],"asks":[["43000.01","0.2"]]}
 * {"type":"trade","time":1735689600123,"productId":"BTC-USD","tradeId":"86500001","price":"43000.01","size":"0.01","takerSide":"buy"}
 * {"type":"book-update","time":1735689600200,"productId":"BTC-USD","changes":[["buy","43000.00","1.2"],["sell","43000.01","0"]]}
 * ```
 *
 * `takerSide` is the side of the incoming order (Coinbase's `side` on `match` is the maker's: flip
 * it). A book change of size 0 removes the level. `productRules` in the header (optional) holds
 * the products' `GET /products` objects, so the backtest uses the rules of the recording day.
 */
export interface RecordingHeader {
  readonly format: 'tradeloop.recording';
  readonly version: 1;
  readonly products: readonly string[];
  /** Channels recorded, e.g. `matches`, `level2`. */
  readonly channels: readonly string[];
  /** ISO 8601 UTC, or ms since the epoch when read from an older writer. */
  readonly startedAt: string | number;
  /** `GET /products` objects of the recorded products (wire shape). */
  readonly productRules?: readonly unknown[];
}

/** The whole level-2 book at a moment: `[price, size]` levels, best first. */
export interface RecordedBookSnapshot {
  readonly type: 'book-snapshot';
  readonly time: number;
  readonly productId: string;
  readonly bids: ReadonlyArray<readonly [string, string]>;
  readonly asks: ReadonlyArray<readonly [string, string]>;
}

/** Level changes: `[side, price, new size]` (size 0 removes the level). */
export interface RecordedBookUpdate {
  readonly type: 'book-update';
  readonly time: number;
  readonly productId: string;
  readonly changes: ReadonlyArray<readonly ['buy' | 'sell', string, string]>;
}

export type RecordingMessage = RecordedTrade | RecordedBookSnapshot | RecordedBookUpdate;

/** A recording in memory. */
export interface Recording {
  readonly header: RecordingHeader;
  readonly messages: readonly RecordingMessage[];
}

/**
 * Reads a recording from JSON-lines text: the header now, the messages as they are reached (see
 * {@link readRecording}).
 * @throws RecordingFormatError for a bad header line
 */
export function parseRecording(text: string, source = 'recording.jsonl'): Recording {
  return openRecording({ bytes: Buffer.from(text, 'utf8') }, source);
}

/**
 * Reads a recording file: its header now, its messages as the replay (or `messages`) reaches
 * them, in one pass over fixed-size chunks. The file is never held in memory at once, so its size
 * is bounded by neither memory nor V8's longest string, and a long tape is read once, not checked
 * first and replayed after. Each line is checked as it is read (trade lines as the recorder writes
 * them are scanned in their bytes; anything else goes through `JSON.parse` and the field checks):
 * a bad line stops the replay with a {@link RecordingFormatError} naming it.
 * @throws RecordingFormatError for a missing file or a bad header line
 */
export function readRecording(path: string): Recording {
  return openRecording({ path }, path);
}

function openRecording(from: LineSource, source: string): StoredRecording {
  const reader = openLines(from, source);
  try {
    return new StoredRecording(readHeader(reader, source), from, source);
  } finally {
    reader.close();
  }
}

function openLines(from: LineSource, source: string): LineReader {
  try {
    return new LineReader(from);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new RecordingFormatError(source, 0, 'expected a recording file, found nothing at this path', {
      cause: error,
    });
  }
}

function readHeader(reader: LineReader, source: string): RecordingHeader {
  const headerText = reader.next() ? reader.bytes.toString('utf8', reader.start, reader.end).trim() : '';
  let header: RecordingHeader;
  try {
    header = JSON.parse(headerText) as RecordingHeader;
  } catch (error) {
    throw new RecordingFormatError(
      source,
      1,
      'expected a JSON header line {"format":"tradeloop.recording",...}',
      { cause: error },
    );
  }
  if (header?.format !== 'tradeloop.recording' || header.version !== 1)
    throw new RecordingFormatError(
      source,
      1,
      `expected format "tradeloop.recording" version 1, received ${quote(String(header?.format))} version ${String(header?.version)}`,
    );
  if (!Array.isArray(header.products) || !Array.isArray(header.channels))
    throw new RecordingFormatError(source, 1, 'expected "products" and "channels" arrays in the header');
  return header;
}

function timeBackwards(source: string, line: number, time: number, previousTime: number) {
  return new RecordingFormatError(
    source,
    line,
    `time ${time} is earlier than the line before (${previousTime}): expected messages in time order`,
  );
}

/** The reader's line as a checked message; `undefined` for a blank line. */
function parseLine(reader: LineReader, source: string): RecordingMessage | undefined {
  const line = reader.bytes.toString('utf8', reader.start, reader.end);
  if (line.trim() === '') return undefined;
  let message: RecordingMessage;
  try {
    message = JSON.parse(line) as RecordingMessage;
  } catch (error) {
    throw new RecordingFormatError(source, reader.lineNumber, 'expected one JSON object on the line', {
      cause: error,
    });
  }
  const problem = messageProblem(message);
  if (problem !== undefined) throw new RecordingFormatError(source, reader.lineNumber, problem);
  return message;
}

/** Reads a recording's messages one at a time, in order. */
export interface RecordingCursor {
  /**
   * The next message, or `undefined` after the last.
   * @throws RecordingFormatError for a malformed line or a time earlier than the line before
   */
  next(): RecordingMessage | undefined;
  /** Stops reading before the last message (frees the file). */
  close(): void;
  /** How far it has read, in `total`'s unit (bytes, or messages for one in memory). */
  readonly done: number;
  readonly total: number;
  /**
   * The last message's price and size as counts of units, when it is a trade whose line the
   * shortcut read (they were read as it was checked); `undefined` otherwise.
   */
  readonly tradeNumbers: TradeLineNumbers | undefined;
}

/**
 * A recording whose header is checked, its messages read (and checked) from its bytes when
 * wanted: by a cursor (the replay: each message made as it is reached and dropped after), or all
 * at once through `messages` (made on first use and kept).
 */
class StoredRecording implements Recording {
  readonly header: RecordingHeader;
  readonly #from: LineSource;
  readonly #source: string;
  #messages: RecordingMessage[] | undefined;

  constructor(header: RecordingHeader, from: LineSource, source: string) {
    this.header = header;
    this.#from = from;
    this.#source = source;
  }

  get messages(): readonly RecordingMessage[] {
    if (this.#messages === undefined) {
      const messages: RecordingMessage[] = [];
      const cursor = this.cursor();
      for (let message = cursor.next(); message !== undefined; message = cursor.next())
        messages.push(message);
      this.#messages = messages;
    }
    return this.#messages;
  }

  cursor(): RecordingCursor {
    return new LineCursor(openLines(this.#from, this.#source), this.#source);
  }
}

/** A {@link RecordingCursor} over a recording's lines, each checked as it is reached. */
class LineCursor implements RecordingCursor {
  readonly total: number;
  tradeNumbers: TradeLineNumbers | undefined = undefined;
  readonly #reader: LineReader;
  readonly #source: string;
  readonly #scan = createTradeLineScan();
  /**
   * The last trade's product id (the shortcut reuses the string). Not the trade itself: a young
   * object stored in this older one per line would cost a write barrier each time.
   */
  #productId: string | undefined = undefined;
  #previousTime = Number.NEGATIVE_INFINITY;

  constructor(reader: LineReader, source: string) {
    this.#reader = reader;
    this.#source = source;
    this.total = reader.size;
    reader.next(); // the header, checked when the recording was opened
  }

  get done(): number {
    return this.#reader.offset;
  }

  next(): RecordingMessage | undefined {
    const reader = this.#reader;
    const scan = this.#scan;
    for (;;) {
      // A trade line as the recorder writes it is checked and taken in one pass over its bytes;
      // any other line is found first, then read.
      let trade = readTradeLineAhead(reader, this.#productId, scan);
      if (trade === undefined) {
        if (!reader.next()) {
          this.tradeNumbers = undefined;
          return undefined;
        }
        trade = readTradeLine(reader, this.#productId, scan);
      }
      const message = trade ?? parseLine(reader, this.#source);
      if (message === undefined) continue;
      if (message.time < this.#previousTime)
        throw timeBackwards(this.#source, reader.lineNumber, message.time, this.#previousTime);
      this.#previousTime = message.time;
      if (trade !== undefined) this.#productId = trade.productId;
      this.tradeNumbers = trade === undefined ? undefined : scan;
      return message;
    }
  }

  close(): void {
    this.#reader.close();
  }
}

/** A cursor over any recording's messages (read from its bytes as they are reached, when it is one). */
export function recordingCursor(recording: Recording): RecordingCursor {
  if (recording instanceof StoredRecording) return recording.cursor();
  const messages = recording.messages;
  let index = 0;
  return {
    next: () => messages[index++],
    close: () => {},
    tradeNumbers: undefined,
    get done() {
      return Math.min(index, messages.length);
    },
    total: messages.length,
  };
}

const sides = new Set(['buy', 'sell']);

/** Money in a recording is a decimal string, as on the wire: a JSON number would lose digits. */
function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && isUnsignedDecimal(value);
}

/** A received value for an error message: a string quoted, anything else with its type. */
function received(value: unknown): string {
  return typeof value === 'string'
    ? quote(value)
    : `${typeof value} ${JSON.stringify(value) ?? String(value)}`;
}

function messageProblem(message: RecordingMessage): string | undefined {
  if (typeof message !== 'object' || message === null) return 'expected a JSON object';
  if (!Number.isSafeInteger(message.time))
    return `time: expected ms since the epoch, received ${quote(String(message.time))}`;
  if (typeof message.productId !== 'string' || message.productId === '')
    return 'productId: expected a product id';
  switch (message.type) {
    case 'trade':
      if (!isDecimalString(message.price))
        return `price: expected a decimal string, received ${received(message.price)}`;
      if (!isDecimalString(message.size))
        return `size: expected a decimal string, received ${received(message.size)}`;
      if (!sides.has(message.takerSide))
        return `takerSide: expected buy or sell, received ${quote(String(message.takerSide))}`;
      if (typeof message.tradeId !== 'string' && typeof message.tradeId !== 'number')
        return 'tradeId: expected a string';
      return undefined;
    case 'book-snapshot':
      for (const key of ['bids', 'asks'] as const) {
        const levels = message[key];
        if (!Array.isArray(levels)) return `${key}: expected an array of [price, size]`;
        for (const level of levels)
          if (!Array.isArray(level) || !isDecimalString(level[0]) || !isDecimalString(level[1]))
            return `${key}: expected [price, size] decimal strings, received ${quote(JSON.stringify(level))}`;
      }
      return undefined;
    case 'book-update':
      if (!Array.isArray(message.changes)) return 'changes: expected an array of [side, price, size]';
      for (const change of message.changes)
        if (
          !Array.isArray(change) ||
          !sides.has(change[0]) ||
          !isDecimalString(change[1]) ||
          !isDecimalString(change[2])
        )
          return `changes: expected [buy|sell, price, size], received ${quote(JSON.stringify(change))}`;
      return undefined;
    default:
      return `type: expected trade, book-snapshot or book-update, received ${quote(String((message as { type: unknown }).type))}`;
  }
}

/**
 * Writes a recording file line by line (the recorder's side). Lines are buffered and written in
 * batches; `close()` writes the rest.
 */
export class RecordingWriter {
  readonly #descriptor: number;
  #buffer: string[] = [];
  #lastTime = Number.NEGATIVE_INFINITY;

  constructor(path: string, header: Omit<RecordingHeader, 'format' | 'version'>) {
    this.#descriptor = openSync(path, 'w');
    this.#buffer.push(JSON.stringify({ format: 'tradeloop.recording', version: 1, ...header }));
  }

  /**
   * Adds one message.
   * @throws RecordingFormatError for a malformed message or one earlier than the last.
   */
  write(message: RecordingMessage): void {
    const problem = messageProblem(message);
    if (problem !== undefined) throw new RecordingFormatError('writer', 0, problem);
    if (message.time < this.#lastTime)
      throw new RecordingFormatError(
        'writer',
        0,
        `time ${message.time} is earlier than the last message (${this.#lastTime})`,
      );
    this.#lastTime = message.time;
    this.#buffer.push(JSON.stringify(message));
    if (this.#buffer.length >= 1000) this.flush();
  }

  flush(): void {
    if (this.#buffer.length === 0) return;
    writeSync(this.#descriptor, `${this.#buffer.join('\n')}\n`);
    this.#buffer = [];
  }

  close(): void {
    this.flush();
    closeSync(this.#descriptor);
  }
}
