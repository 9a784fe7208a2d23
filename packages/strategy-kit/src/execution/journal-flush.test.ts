import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileJournal } from './journal.js';

// A disk that fails its flush (EIO) cannot be made on demand in a test: this file replaces the
// thread-pool `fdatasync` with one that reports EIO. Everything else is the real file system.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    fdatasync: (_fd: number, callback: (error: NodeJS.ErrnoException | null) => void) =>
      setImmediate(() => callback(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))),
  };
});

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('FileJournal overlapped flush', () => {
  it('refuses every record after a flush failed, saying why (the disk may have dropped what it held)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tradeloop-journal-flush-'));
    directories.push(directory);
    const { journal } = FileJournal.open(join(directory, 'bot.journal'));
    journal.append({ kind: 'status', at: 1, clientOrderId: 'a', status: 'canceled' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(() => journal.append({ kind: 'status', at: 2, clientOrderId: 'b', status: 'canceled' })).toThrow(
      /flushing records to disk failed \(EIO: i\/o error, fdatasync\); restart the bot/,
    );
    // Closing it leaves the lock behind: the next opening knows its last records may be missing.
    journal.close();
    const reopened = FileJournal.open(join(directory, 'bot.journal'));
    reopened.journal.close();
    expect(reopened.replay.uncleanStop).toBe(true);
    expect(reopened.replay.records).toBe(1);
  });
});
