import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { JournalError } from '../errors.js';
import { fsyncDirectory } from './fsync-directory.js';
import {
  compactionTemporaryPath,
  compactJournal,
  type JournalCompactionOptions,
  type ResolvedCompaction,
  resolveCompaction,
} from './journal-compaction.js';
import { type JournalDurability, OverlappedFlush } from './journal-flush.js';
import { JournalLock } from './journal-lock.js';
import { type JournalRecord, type JournalReplay, parseLines, replayRecords } from './journal-records.js';
import { replaceFileAtomically } from './replace-file-atomically.js';

export {
  type CarriedPosition,
  fillToJournal,
  type JournaledOrder,
  type JournalFill,
  type JournalOrderRequest,
  type JournalPosition,
  type JournalRecord,
  type JournalReplay,
  replayRecords,
  requestToJournal,
} from './journal-records.js';

/** Where the order manager writes; a file ({@link FileJournal}) or memory ({@link MemoryJournal}). */
export interface JournalSink {
  append(record: JournalRecord): void;
  /**
   * Optional: appends `record` as `append` does, then runs `next` (what the record must precede:
   * the order's send), and only then does the rest of its work (scheduling the flush to stable
   * storage). Nothing runs `next` when the append throws. Without it, the order manager calls
   * `append`, then sends.
   */
  appendThen?(record: JournalRecord, next: () => void): void;
  close(): void;
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
  /**
   * When to compact the journal (see {@link JournalCompactionOptions}); `false` never does.
   * Default: at open, and whenever the file grows past 1 MiB.
   */
  compaction?: JournalCompactionOptions | false;
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
  /** The overlapped flush of the current descriptor (a new one after each compaction). */
  #flush: OverlappedFlush | undefined;
  /** Bytes of complete records: where a failed append is truncated back to. */
  #length: number;
  /** Set when a failed append could not be taken back: the file's end is unknown, nothing more is written. */
  #broken: string | undefined;
  readonly #lock: JournalLock;
  readonly #redact: (line: string) => string;
  /** See journal-compaction.ts; `undefined` when compaction is off. */
  #compaction: ResolvedCompaction | undefined;
  /** The file size past which the next append compacts the journal. */
  #compactAboveBytes = Number.POSITIVE_INFINITY;

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
    this.#flush = this.#overlappedFlushOf(fd);
    this.#redact = options.redact ?? ((line) => line);
    this.#length = length;
    this.#lock = lock;
  }

  #overlappedFlushOf(fd: number): OverlappedFlush | undefined {
    if (this.#durability !== 'overlapped') return undefined;
    return new OverlappedFlush(fd, (error) => {
      this.#broken ??= `flushing records to disk failed (${error.message})`;
    });
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
    const replay = { ...replayRecords(records), repairedTornTail, uncleanStop: lock.tookOverStaleLock };
    const compaction = resolveCompaction(options.compaction);
    // What a compaction cut short by a crash left behind (the journal itself is whole); if it
    // cannot be removed, the next compaction fails and says so.
    try {
      rmSync(compactionTemporaryPath(path), { force: true });
    } catch {
      // Reported by the compaction that meets it.
    }
    if (compaction?.atOpen === true && records.length > 0) {
      // A failed compaction leaves the journal whole: report it and open the journal as it is.
      try {
        compactJournal(path, compaction, records);
      } catch (error) {
        if (!(error instanceof JournalError) || compaction.onFailed === undefined) throw error;
        compaction.onFailed(error);
      }
    }
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
    const journal = new FileJournal(path, fd, options, length, lock);
    journal.#compaction = compaction;
    // Still past the bound after compacting at open (many working orders): wait until the file doubles.
    if (compaction !== undefined)
      journal.#compactAboveBytes = compaction.atOpen
        ? Math.max(compaction.aboveBytes, 2 * length)
        : compaction.aboveBytes;
    return { journal, replay };
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
    this.#write(record);
    this.#written();
  }

  /**
   * {@link FileJournal.append}, with `next` (the order's send) run between the write and the
   * scheduling of the record's flush: the send waits for the write only.
   *
   * @throws JournalError as `append` does (then `next` is not run); whatever `next` throws.
   */
  appendThen(record: JournalRecord, next: () => void): void {
    this.#write(record);
    try {
      next();
    } finally {
      this.#written();
    }
  }

  /** The record's line, written whole or not at all (see `append`). */
  #write(record: JournalRecord): void {
    const fd = this.#fd;
    if (fd === undefined) throw new JournalError(this.path, 'expected an open journal, it is closed');
    if (this.#broken !== undefined)
      throw new JournalError(this.path, `could not append a record: ${this.#broken}; restart the bot`);
    const line = `${this.#redact(JSON.stringify(record))}\n`;
    const length = Buffer.byteLength(line, 'utf8');
    let written = 0;
    try {
      // The string goes to write(2) as it is (no Buffer of our own on the order path); only a
      // short write (a full disk, a file size limit) encodes it to continue with the rest.
      written = writeSync(fd, line, null, 'utf8');
      if (written < length) {
        const bytes = Buffer.from(line, 'utf8');
        while (written < length) {
          const count = writeSync(fd, bytes, written, length - written);
          if (count <= 0) throw new Error(`the write took no bytes (${written} of ${length} written)`);
          written += count;
        }
      }
      if (this.#durability === 'synchronous') fdatasyncSync(fd);
    } catch (error) {
      this.#takeBack(fd, written);
      throw new JournalError(
        this.path,
        `could not append a record (${written} of ${length} bytes written, then taken back)`,
        { cause: error },
      );
    }
    this.#length += length;
  }

  /** After a record was written: its flush is scheduled, the journal compacted when it grew past its bound. */
  #written(): void {
    this.#flush?.written();
    if (this.#length > this.#compactAboveBytes) this.#compact();
  }

  /**
   * Compacts the file and goes on appending to the new one. Never throws: the record just
   * appended is safe in the old journal or the new one either way.
   */
  #compact(): void {
    const compaction = this.#compaction;
    if (compaction === undefined) return;
    try {
      if (compactJournal(this.path, compaction).compacted) this.#reopenAfterCompaction();
    } catch (error) {
      compaction.onFailed?.(
        error instanceof JournalError
          ? error
          : new JournalError(this.path, 'could not compact the journal', { cause: error }),
      );
    }
    // Still past the bound after compacting (many working orders): wait until the file doubles.
    this.#compactAboveBytes = Math.max(compaction.aboveBytes, 2 * this.#length);
  }

  /** The open file descriptor names the replaced journal: appends go to the new one from here on. */
  #reopenAfterCompaction(): void {
    const previous = this.#fd;
    const previousFlush = this.#flush;
    try {
      const fd = openSync(this.path, 'a');
      this.#fd = fd;
      this.#flush = this.#overlappedFlushOf(fd);
      this.#length = fstatSync(fd).size;
    } catch (error) {
      this.#broken = 'the compacted journal could not be opened for appending';
      throw new JournalError(this.path, this.#broken, { cause: error });
    } finally {
      if (previous !== undefined && previous !== this.#fd) {
        // The compacted file was fsynced whole; the old descriptor is closed only once a flush
        // still running on it came back, so its number is not reused under that flush.
        if (previousFlush === undefined) closeSync(previous);
        else previousFlush.close(() => closeSync(previous));
      }
    }
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
  try {
    replaceFileAtomically(path, Buffer.from(content, 'utf8'), `${path}.${process.pid}.tmp`);
  } catch (error) {
    throw new JournalError(path, 'could not repair the torn last line', { cause: error });
  }
}
