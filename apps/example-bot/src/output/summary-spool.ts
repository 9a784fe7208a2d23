/**
 * Where the run summary keeps the orders and fills it no longer needs in memory: finished orders
 * (past a tail kept for late events), every fill, and status changes that arrived for an order
 * already spooled. A bot placing thousands of orders a day would otherwise hold every one of them
 * until exit. The spool is read back once, when the summary is written.
 *
 * `FileSummarySpool` appends one JSON line per entry to a file (not fsynced: after a crash there is
 * no summary to write anyway, and the order journal is what a restarted bot reconciles from);
 * `MemorySummarySpool` keeps the entries in an array, for tests and short runs.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import type { FillDescription } from '../bot-events.js';
import type { OrderOutcome, OrderRecord } from './summary.js';

/** A fill as the summary lists it: when the bot heard of it, unless it was restored from the journal. */
export type RecordedFill = FillDescription & { heardAt?: string };

/** One line of the spool. */
export type SpoolEntry =
  | { kind: 'order'; sequence: number; order: OrderRecord }
  | { kind: 'fill'; fill: RecordedFill }
  | {
      kind: 'status';
      clientOrderId: string;
      orderId: string | undefined;
      status: OrderOutcome;
      rejectReason?: string;
    };

/** Append-only storage of spool entries, read back in the order written. */
export interface SummarySpool {
  append(entry: SpoolEntry): void;
  entries(): SpoolEntry[];
  /** Releases the storage (deletes the file). */
  dispose(): void;
}

/** A spool in memory: nothing is bounded, for tests and short runs. */
export class MemorySummarySpool implements SummarySpool {
  readonly #entries: SpoolEntry[] = [];

  append(entry: SpoolEntry): void {
    this.#entries.push(structuredClone(entry));
  }

  entries(): SpoolEntry[] {
    return this.#entries.map((entry) => structuredClone(entry));
  }

  dispose(): void {
    this.#entries.length = 0;
  }
}

/** A spool on disk: one JSON line per entry, appended with one `write(2)`. */
export class FileSummarySpool implements SummarySpool {
  readonly path: string;
  #fd: number | undefined;

  constructor(path: string) {
    this.path = path;
    this.#fd = openSync(path, 'w');
  }

  append(entry: SpoolEntry): void {
    if (this.#fd === undefined) throw new Error(`summary spool ${this.path} is closed`);
    writeSync(this.#fd, `${JSON.stringify(entry)}\n`);
  }

  entries(): SpoolEntry[] {
    const text = readFileSync(this.path, 'utf8');
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as SpoolEntry);
  }

  dispose(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    rmSync(this.path, { force: true });
  }
}
