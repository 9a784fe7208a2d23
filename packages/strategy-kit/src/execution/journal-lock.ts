import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { JournalError, JournalLockedError } from '../errors.js';
import { fsyncDirectory } from './fsync-directory.js';

/** Lock files this process holds: a lock naming our own pid but not listed here is a dead predecessor's (pid reuse). */
const heldByThisProcess = new Set<string>();

/**
 * An exclusive lock on one journal: the file `<journal>.lock`, created with O_EXCL and holding
 * the holder's pid. A lock whose pid is no longer running (the holder was killed) is stale and is
 * taken over; one whose pid runs is refused with {@link JournalLockedError}.
 */
export class JournalLock {
  readonly path: string;
  /**
   * True when a lock left by a process that is gone was taken over: the journal's last user did
   * not close it (killed, or the machine crashed or lost power), so it stopped uncleanly.
   */
  readonly tookOverStaleLock: boolean;
  #held = true;

  private constructor(path: string, tookOverStaleLock: boolean) {
    this.path = path;
    this.tookOverStaleLock = tookOverStaleLock;
  }

  /**
   * Takes the lock of `journalPath`.
   * @throws JournalLockedError when a running process holds it; JournalError when it cannot be made.
   */
  static acquire(journalPath: string): JournalLock {
    const lockPath = `${journalPath}.lock`;
    let tookOverStaleLock = false;
    // Twice at most: once more after removing a stale lock (another process may win that race).
    for (let attempt = 0; attempt < 2; attempt += 1) {
      let fd: number;
      try {
        fd = openSync(lockPath, 'wx');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
          throw new JournalError(journalPath, `could not create the lock file ${lockPath}`, { cause: error });
        const holder = readHolder(lockPath);
        const ours = holder === process.pid && !heldByThisProcess.has(lockPath);
        if (holder !== undefined && !ours && isRunning(holder))
          throw new JournalLockedError(journalPath, holder);
        removeStale(lockPath);
        tookOverStaleLock = true;
        continue;
      }
      try {
        writeSync(fd, `${process.pid}\n`);
        // Durable, with its name: after a power cut the lock must still say the stop was unclean.
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      try {
        fsyncDirectory(dirname(lockPath));
      } catch (error) {
        removeStale(lockPath);
        throw new JournalError(journalPath, `could not make the lock file ${lockPath} durable`, {
          cause: error,
        });
      }
      heldByThisProcess.add(lockPath);
      return new JournalLock(lockPath, tookOverStaleLock);
    }
    const holder = readHolder(lockPath);
    if (holder !== undefined) throw new JournalLockedError(journalPath, holder);
    throw new JournalError(journalPath, `could not take the lock file ${lockPath}`);
  }

  /**
   * Stops holding the lock but leaves its file: whoever opens the journal next (this process
   * included) takes it over as stale, i.e. sees an unclean stop. For a journal whose last records
   * may not be on disk.
   */
  abandon(): void {
    if (!this.#held) return;
    this.#held = false;
    heldByThisProcess.delete(this.path);
  }

  /** Gives the lock up (only if it is still ours). */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    heldByThisProcess.delete(this.path);
    if (readHolder(this.path) === process.pid) removeStale(this.path);
  }
}

/** The pid in a lock file; `undefined` when it is unreadable or half-written (treated as stale). */
function readHolder(lockPath: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists as another user's. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeStale(lockPath: string): void {
  try {
    unlinkSync(lockPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
