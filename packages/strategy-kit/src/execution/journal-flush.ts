import { fdatasync, fdatasyncSync } from 'node:fs';

/**
 * How a {@link FileJournal} makes its records durable. Every record reaches the OS (one
 * `write(2)`) before `append` returns, so a killed process never loses one; this decides when the
 * page cache is flushed to stable storage, which only matters for an OS crash or a power cut.
 *
 * - `overlapped` (default): `fdatasync` on the libuv thread pool, started after the current
 *   task (so after the order the record is about is sent) and shared by every record appended
 *   meanwhile (group commit). An OS crash or power cut can lose the records of the last flush
 *   interval: typically one disk flush (about a millisecond), at most what was appended while one
 *   flush ran. See docs/decisions/0014-journal-durability.md for how a restart recovers them.
 * - `synchronous`: `fdatasync` inside `append`, before it returns: nothing appended is ever
 *   lost, and every order waits for the disk before it is sent.
 * - `os`: no flush; the OS writes the page cache back when it likes (about 30 s on Linux).
 */
export type JournalDurability = 'overlapped' | 'synchronous' | 'os';

/**
 * The overlapped flush of one file descriptor: at most one `fdatasync` in flight; records
 * appended while it runs are covered by the next one (group commit). A failed flush is reported
 * once through `failed`; the journal then refuses further records (the file's state on disk is
 * unknown, see fsync(2) on Linux's write-back errors).
 */
export class OverlappedFlush {
  readonly #fd: number;
  readonly #failed: (error: Error) => void;
  /** Appends not yet covered by a started flush. */
  #dirty = false;
  /** A flush is queued for after the current task (`setImmediate`) or running on the pool. */
  #busy = false;
  /** `close` came while a flush ran: the descriptor is closed when it comes back. */
  #closeWhenIdle: (() => void) | undefined;
  readonly #start = () => this.#flush();

  constructor(fd: number, failed: (error: Error) => void) {
    this.#fd = fd;
    this.#failed = failed;
  }

  /** True while some appended record may not be on stable storage yet. */
  get pending(): boolean {
    return this.#dirty || this.#busy;
  }

  /** A record was written: flush it after the current task, or after the flush in flight. */
  written(): void {
    this.#dirty = true;
    if (this.#busy) return;
    this.#busy = true;
    // After the current task: the order this record is about is sent first.
    setImmediate(this.#start);
  }

  /**
   * Flushes whatever is not flushed yet, synchronously (a clean stop is fully durable), then
   * calls `closeDescriptor` at once or, when a pool flush still runs on the descriptor, once it
   * came back (so the descriptor number is not reused under it).
   */
  close(closeDescriptor: () => void): void {
    if (this.#dirty || this.#busy) fdatasyncSync(this.#fd);
    this.#dirty = false;
    if (this.#busy) this.#closeWhenIdle = closeDescriptor;
    else closeDescriptor();
  }

  #flush(): void {
    if (this.#closeWhenIdle !== undefined) {
      this.#settle();
      return;
    }
    this.#dirty = false;
    fdatasync(this.#fd, (error) => {
      if (error !== null) {
        this.#dirty = false;
        this.#failed(error);
      }
      if (this.#dirty && this.#closeWhenIdle === undefined) {
        this.#flush();
        return;
      }
      this.#settle();
    });
  }

  #settle(): void {
    this.#busy = false;
    const closeDescriptor = this.#closeWhenIdle;
    this.#closeWhenIdle = undefined;
    closeDescriptor?.();
  }
}
