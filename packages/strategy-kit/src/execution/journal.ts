import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { Decimal } from 'decimal.js';
import { JournalError } from '../errors.js';
import { toDecimal } from '../model/decimal.js';
import type { ClientOrderId, OrderId, ProductId } from '../model/ids.js';
import type { OrderOrigin, OrderRequest, TimeInForce } from '../model/order.js';
import type { OrderStatus } from '../model/order-state.js';
import type { OrderType, Side } from '../model/product-rules.js';
import type { Fill } from '../model/reports.js';
import type { FillCursor } from '../venues/venue.js';
import { fsyncDirectory } from './fsync-directory.js';
import { type JournalDurability, OverlappedFlush } from './journal-flush.js';
import { JournalLock } from './journal-lock.js';
import { journalRecordProblem } from './journal-record-shape.js';

/**
 * One line of the journal. Decimals are strings, times ms since the epoch.
 * - `order`: written before the order is sent (so a crash between "sent" and "answered" loses nothing).
 * - `order-id`: the venue's id, once known.
 * - `status`: a final status (filled, canceled, rejected); `submitted` after a `rejected` revives
 *   an order given up as `not_found` that turned up after all.
 * - `fill`: one fill of one of our orders.
 * - `fill-cursor`: every fill of the product up to the venue's opaque cursor is known (set by
 *   reconciliation). Journals written before cursors were opaque carry a numeric `tradeId`
 *   instead; replay reads it as the cursor `String(tradeId)`.
 */
export type JournalRecord =
  | { kind: 'order'; at: number; origin: OrderOrigin; request: JournalOrderRequest }
  | { kind: 'order-id'; at: number; clientOrderId: string; orderId: string }
  | { kind: 'status'; at: number; clientOrderId: string; status: OrderStatus; reason?: string }
  | { kind: 'fill'; at: number; clientOrderId: string; fill: JournalFill }
  | { kind: 'fill-cursor'; at: number; productId: string; cursor: FillCursor };

/** An {@link OrderRequest} with decimals as strings. */
export interface JournalOrderRequest {
  clientOrderId: string;
  productId: string;
  side: Side;
  type: OrderType;
  size?: string;
  funds?: string;
  price?: string;
  stopPrice?: string;
  timeInForce?: TimeInForce;
  cancelAfter?: 'min' | 'hour' | 'day';
  postOnly?: boolean;
}

/** A {@link Fill} with decimals as strings. */
export interface JournalFill {
  /** Journals written before trade ids were opaque carry a number; replay reads `String(tradeId)`. */
  tradeId: string;
  productId: string;
  orderId: string;
  side: Side;
  price: string;
  size: string;
  fee: string;
  liquidity: 'maker' | 'taker';
  time: number;
}

/** Where the order manager writes; a file ({@link FileJournal}) or memory ({@link MemoryJournal}). */
export interface JournalSink {
  append(record: JournalRecord): void;
  close(): void;
}

/** An order as the journal remembers it. */
export interface JournaledOrder {
  readonly request: OrderRequest;
  readonly origin: OrderOrigin;
  readonly createdAt: number;
  orderId: OrderId | undefined;
  finalStatus: { status: OrderStatus; reason?: string } | undefined;
  readonly fills: Fill[];
}

/** What a journal holds after replay. */
export interface JournalReplay {
  /** In the order they were journaled. */
  readonly orders: Map<ClientOrderId, JournaledOrder>;
  /** Per product: every fill up to this venue cursor was known at the last reconciliation. */
  readonly fillCursors: Map<ProductId, FillCursor>;
  readonly records: number;
  /** True when the last line was cut short by a crash and was dropped. */
  readonly repairedTornTail: boolean;
  /**
   * True when the journal's last user did not close it (a killed process, an OS crash, a power
   * cut: its lock file was still there). Records of the last instants may then be missing (see
   * {@link JournalDurability}); the runtime handles unknown open orders by its
   * `existingOrdersAfterUncleanStop` policy.
   */
  readonly uncleanStop?: boolean;
}

/** Options of {@link FileJournal.open}. */
export interface FileJournalOptions {
  /**
   * When records are flushed to stable storage (see {@link JournalDurability}); default
   * `overlapped`. Every record reaches the OS before `append` returns whatever this says, so a
   * killed process loses nothing.
   */
  durability?: JournalDurability;
  /**
   * @deprecated use `durability`. `false` is `durability: 'os'`; `true` is the default
   *   (`overlapped`).
   */
  fsync?: boolean;
  /**
   * Applied to each line before it is written, e.g. to scrub secret values a venue echoed into a
   * reject reason. It must keep the line one JSON object (replace inside strings only).
   */
  redact?: (line: string) => string;
}

/**
 * The append-only journal on disk: JSON lines, one complete line per `write(2)` on a file opened
 * with O_APPEND. A crash can only cut the last line short; opening the journal drops such a tail
 * by writing the intact lines to a temporary file and renaming it over the journal (atomic).
 *
 * @example
 * const { journal, replay } = FileJournal.open('./state/bot.journal');
 */
export class FileJournal implements JournalSink {
  readonly path: string;
  #fd: number | undefined;
  readonly #durability: JournalDurability;
  readonly #flush: OverlappedFlush | undefined;
  /** Bytes of complete records: where a failed append is truncated back to. */
  #length: number;
  /** Set when a failed append could not be taken back: the file's end is unknown, nothing more is written. */
  #broken: string | undefined;
  readonly #lock: JournalLock;
  readonly #redact: (line: string) => string;

  private constructor(
    path: string,
    fd: number,
    options: FileJournalOptions,
    length: number,
    lock: JournalLock,
  ) {
    this.path = path;
    this.#fd = fd;
    this.#durability = options.durability ?? (options.fsync === false ? 'os' : 'overlapped');
    this.#flush =
      this.#durability === 'overlapped'
        ? new OverlappedFlush(fd, (error) => {
            this.#broken ??= `flushing records to disk failed (${error.message})`;
          })
        : undefined;
    this.#redact = options.redact ?? ((line) => line);
    this.#length = length;
    this.#lock = lock;
  }

  /**
   * Takes the journal's exclusive lock (`<path>.lock`, see {@link JournalLock}), opens (or
   * creates) the journal, replays it, and repairs a torn last line. `close()` gives the lock up.
   * @throws JournalLockedError when another running process has the journal open; JournalError
   *   when the file cannot be read or written, or a line other than the last is corrupt.
   */
  static open(
    path: string,
    options: FileJournalOptions = {},
  ): { journal: FileJournal; replay: JournalReplay } {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new JournalError(path, 'expected a folder for the journal', { cause: error });
    }
    const lock = JournalLock.acquire(path);
    try {
      return FileJournal.#openLocked(path, options, lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  static #openLocked(
    path: string,
    options: FileJournalOptions,
    lock: JournalLock,
  ): { journal: FileJournal; replay: JournalReplay } {
    let text = '';
    try {
      if (existsSync(path)) text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new JournalError(path, 'expected a readable journal file', { cause: error });
    }
    const lastNewline = text.lastIndexOf('\n');
    const intact = text.slice(0, lastNewline + 1);
    const repairedTornTail = intact.length !== text.length;
    if (repairedTornTail) replaceAtomically(path, intact);
    const records = parseLines(path, intact);
    let fd: number;
    let length: number;
    try {
      const created = !existsSync(path);
      fd = openSync(path, 'a');
      length = fstatSync(fd).size;
      // A new file's name lives in its directory: without this a power cut may lose the file.
      if (created) fsyncDirectory(dirname(path));
    } catch (error) {
      throw new JournalError(path, 'expected a writable journal file', { cause: error });
    }
    return {
      journal: new FileJournal(path, fd, options, length, lock),
      replay: { ...replayRecords(records), repairedTornTail, uncleanStop: lock.tookOverStaleLock },
    };
  }

  /**
   * Writes one record as one line, synchronously (the caller does I/O only after it returns):
   * the record has reached the OS when this returns, its flush to stable storage follows after
   * the current task (`durability: 'overlapped'`). Every byte is written or the append fails: a short write (a full disk, a file size limit) is
   * continued, and if the rest cannot be written the file is truncated back to its last complete
   * record, so the journal never holds a cut line in the middle.
   *
   * @throws JournalError when the record could not be written whole (nothing of it remains).
   */
  append(record: JournalRecord): void {
    const fd = this.#fd;
    if (fd === undefined) throw new JournalError(this.path, 'expected an open journal, it is closed');
    if (this.#broken !== undefined)
      throw new JournalError(this.path, `could not append a record: ${this.#broken}; restart the bot`);
    const bytes = Buffer.from(`${this.#redact(JSON.stringify(record))}\n`, 'utf8');
    let written = 0;
    try {
      while (written < bytes.length) {
        const count = writeSync(fd, bytes, written, bytes.length - written);
        if (count <= 0) throw new Error(`the write took no bytes (${written} of ${bytes.length} written)`);
        written += count;
      }
      if (this.#durability === 'synchronous') fdatasyncSync(fd);
    } catch (error) {
      this.#takeBack(fd, written);
      throw new JournalError(
        this.path,
        `could not append a record (${written} of ${bytes.length} bytes written, then taken back)`,
        { cause: error },
      );
    }
    this.#length += bytes.length;
    this.#flush?.written();
  }

  /** Cuts a partly written record off again, back to the last complete one. */
  #takeBack(fd: number, written: number): void {
    if (written === 0 && this.#durability !== 'synchronous') return;
    try {
      ftruncateSync(fd, this.#length);
      if (this.#durability === 'synchronous') fdatasyncSync(fd);
    } catch (error) {
      this.#broken = `a cut record could not be taken back (${error instanceof Error ? error.message : String(error)})`;
    }
  }

  /**
   * Flushes what is not on stable storage yet (a clean stop loses nothing, even to a power cut
   * right after), closes the file and gives the lock up: the next open sees a clean stop.
   */
  close(): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    try {
      if (this.#flush === undefined) closeSync(fd);
      else this.#flush.close(() => closeSync(fd));
    } catch (error) {
      // The next start must treat this stop as unclean (records may be lost).
      this.#lock.abandon();
      throw new JournalError(this.path, 'could not flush the journal when closing it', { cause: error });
    }
    if (this.#broken === undefined) this.#lock.release();
    else this.#lock.abandon();
  }
}

/** A journal in memory: for tests, backtests and bots that do not need to survive a restart. */
export class MemoryJournal implements JournalSink {
  readonly records: JournalRecord[] = [];

  append(record: JournalRecord): void {
    this.records.push(record);
  }

  close(): void {}

  /** Replays what was appended, as a restart would. */
  replay(): JournalReplay {
    return { ...replayRecords(this.records), repairedTornTail: false };
  }
}

function replaceAtomically(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'w');
    writeSync(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, path);
    fsyncDirectory(dirname(path));
  } catch (error) {
    throw new JournalError(path, 'could not repair the torn last line', { cause: error });
  }
}

function parseLines(path: string, text: string): JournalRecord[] {
  const records: JournalRecord[] = [];
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber += 1;
    if (line.length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new JournalError(path, `expected a JSON record on line ${lineNumber}, the line is corrupt`, {
        cause: error,
      });
    }
    const problem = journalRecordProblem(value);
    if (problem !== undefined)
      throw new JournalError(path, `line ${lineNumber} is not a journal record: ${problem}`);
    records.push(value as JournalRecord);
  }
  return records;
}

/** Folds records into the orders they describe. */
export function replayRecords(records: readonly JournalRecord[]): Omit<JournalReplay, 'repairedTornTail'> {
  const orders = new Map<ClientOrderId, JournaledOrder>();
  const fillCursors = new Map<ProductId, FillCursor>();
  for (const record of records) {
    if (record.kind === 'fill-cursor') {
      const legacy = (record as { tradeId?: unknown }).tradeId;
      const cursor = record.cursor ?? (typeof legacy === 'number' ? String(legacy) : undefined);
      if (cursor !== undefined) fillCursors.set(record.productId as ProductId, cursor);
      continue;
    }
    if (record.kind === 'order') {
      const request = requestFromJournal(record.request);
      orders.set(request.clientOrderId, {
        request,
        origin: record.origin,
        createdAt: record.at,
        orderId: undefined,
        finalStatus: undefined,
        fills: [],
      });
      continue;
    }
    const order = orders.get(record.clientOrderId as ClientOrderId);
    if (order === undefined) continue;
    if (record.kind === 'order-id') order.orderId = record.orderId as OrderId;
    else if (record.kind === 'status')
      order.finalStatus =
        record.reason === undefined
          ? { status: record.status }
          : { status: record.status, reason: record.reason };
    else order.fills.push(fillFromJournal(record.fill, order.request.clientOrderId));
  }
  return { orders, fillCursors, records: records.length };
}

const optional = (value: Decimal | undefined) => (value === undefined ? undefined : value.toFixed());

/** The journal form of an order request. */
export function requestToJournal(request: OrderRequest): JournalOrderRequest {
  return stripUndefined({
    clientOrderId: request.clientOrderId,
    productId: request.productId,
    side: request.side,
    type: request.type,
    size: optional(request.size),
    funds: optional(request.funds),
    price: optional(request.price),
    stopPrice: optional(request.stopPrice),
    timeInForce: request.timeInForce,
    cancelAfter: request.cancelAfter,
    postOnly: request.postOnly,
  });
}

function requestFromJournal(wire: JournalOrderRequest): OrderRequest {
  const decimal = (value: string | undefined, field: string) =>
    value === undefined ? undefined : toDecimal(value, field);
  return stripUndefined({
    clientOrderId: wire.clientOrderId as ClientOrderId,
    productId: wire.productId as ProductId,
    side: wire.side,
    type: wire.type,
    size: decimal(wire.size, 'size'),
    funds: decimal(wire.funds, 'funds'),
    price: decimal(wire.price, 'price'),
    stopPrice: decimal(wire.stopPrice, 'stopPrice'),
    timeInForce: wire.timeInForce,
    cancelAfter: wire.cancelAfter,
    postOnly: wire.postOnly,
  }) as OrderRequest;
}

/** The journal form of a fill. */
export function fillToJournal(fill: Fill): JournalFill {
  return {
    tradeId: fill.tradeId,
    productId: fill.productId,
    orderId: fill.orderId,
    side: fill.side,
    price: fill.price.toFixed(),
    size: fill.size.toFixed(),
    fee: fill.fee.toFixed(),
    liquidity: fill.liquidity,
    time: fill.time,
  };
}

function fillFromJournal(wire: JournalFill, clientOrderId: ClientOrderId): Fill {
  return {
    // Older journals wrote Coinbase Exchange's numeric trade id.
    tradeId: String(wire.tradeId as string | number),
    productId: wire.productId as ProductId,
    orderId: wire.orderId as OrderId,
    clientOrderId,
    side: wire.side,
    price: toDecimal(wire.price, 'price'),
    size: toDecimal(wire.size, 'size'),
    fee: toDecimal(wire.fee, 'fee'),
    liquidity: wire.liquidity,
    time: wire.time,
    source: 'rest',
  };
}

function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}
