/**
 * The signal ids the intake has accepted, with each one's latest fate, so that a replayed or
 * repeated signal is refused also after a restart and `GET /signals/{id}` still answers.
 *
 * On disk: one JSON object per line, appended and fsynced before the intake answers `202`
 * (`{"id","receivedAt"}` when accepted, `{"id","fate"}` when its fate changes). Bounded: the newest
 * `maxEntries` ids are kept; once the file holds twice that many lines it is rewritten with one
 * line per kept id (to a temporary file, fsynced, renamed over). A torn last line from a crash is
 * skipped and cut off when the file is opened.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { SignalFate } from '@tradeloop/strategy-kit';
import { SignalStoreError } from '../errors.js';

/** What the store remembers of one signal. */
export interface StoredSignal {
  readonly id: string;
  /** When the intake accepted it (ms, intake clock). */
  readonly receivedAt: number;
  /** Its latest fate, once the runtime reported one. */
  fate: SignalFate | undefined;
}

/** Default bound of {@link SignalStore}: ids remembered. */
export const DEFAULT_MAX_REMEMBERED_SIGNALS = 10_000;

/** Seen signal ids (and fates), in memory or in an append-only file. */
export class SignalStore {
  readonly #path: string | undefined;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, StoredSignal>();
  #descriptor: number | undefined;
  #lines = 0;
  /** Lines that could not be read when the file was opened (a torn tail). */
  readonly skippedLines: number;

  /**
   * @param path the file; `undefined` keeps the ids in memory only (nothing survives a restart).
   * @throws SignalStoreError when the file cannot be read, created or written.
   */
  constructor(path: string | undefined, maxEntries = DEFAULT_MAX_REMEMBERED_SIGNALS) {
    this.#path = path;
    this.#maxEntries = maxEntries;
    let skipped = 0;
    if (path !== undefined) {
      try {
        mkdirSync(dirname(path), { recursive: true });
        if (existsSync(path)) {
          const text = readFileSync(path, 'utf8');
          skipped = this.#load(text);
          // A torn last line (a crash mid-write) is cut off, so the next record starts a line of its own.
          if (text.length > 0 && !text.endsWith('\n'))
            truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
        }
        this.#descriptor = openSync(path, 'a');
      } catch (error) {
        throw new SignalStoreError(path, `cannot open: ${(error as Error).message}`, { cause: error });
      }
    }
    this.skippedLines = skipped;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  get(id: string): StoredSignal | undefined {
    return this.#entries.get(id);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Remembers an accepted id; durable (fsynced) when this returns. */
  add(id: string, receivedAt: number): void {
    this.#entries.set(id, { id, receivedAt, fate: undefined });
    this.#evict();
    this.#append({ id, receivedAt });
  }

  /** Records the latest fate of a remembered id (ignored for an id no longer remembered). */
  updateFate(fate: SignalFate): void {
    const entry = this.#entries.get(fate.id);
    if (entry === undefined) return;
    entry.fate = fate;
    this.#append({ id: fate.id, fate });
  }

  close(): void {
    if (this.#descriptor === undefined) return;
    closeSync(this.#descriptor);
    this.#descriptor = undefined;
  }

  #load(text: string): number {
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      this.#lines += 1;
      let record: { id?: unknown; receivedAt?: unknown; fate?: unknown };
      try {
        record = JSON.parse(line) as typeof record;
      } catch {
        skipped += 1;
        continue;
      }
      if (typeof record.id !== 'string') {
        skipped += 1;
        continue;
      }
      const known = this.#entries.get(record.id);
      if (typeof record.receivedAt === 'number')
        this.#entries.set(record.id, { id: record.id, receivedAt: record.receivedAt, fate: known?.fate });
      if (typeof record.fate === 'object' && record.fate !== null) {
        const entry = this.#entries.get(record.id);
        if (entry !== undefined) entry.fate = record.fate as SignalFate;
      }
    }
    this.#evict();
    return skipped;
  }

  #evict(): void {
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  #append(record: object): void {
    if (this.#descriptor === undefined || this.#path === undefined) return;
    try {
      writeSync(this.#descriptor, `${JSON.stringify(record)}\n`);
      fsyncSync(this.#descriptor);
      this.#lines += 1;
      if (this.#lines > 2 * this.#maxEntries) this.#compact();
    } catch (error) {
      throw new SignalStoreError(this.#path, `cannot write: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Rewrites the file with one line per remembered id. */
  #compact(): void {
    const path = this.#path as string;
    const temporary = `${path}.${process.pid}.compacting`;
    const descriptor = openSync(temporary, 'w');
    try {
      const lines = [...this.#entries.values()].map((entry) =>
        JSON.stringify(entry.fate === undefined ? { id: entry.id, receivedAt: entry.receivedAt } : entry),
      );
      writeSync(descriptor, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
    closeSync(this.#descriptor as number);
    this.#descriptor = openSync(path, 'a');
    this.#lines = this.#entries.size;
  }
}
