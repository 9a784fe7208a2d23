import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncDirectory } from './fsync-directory.js';

/** The steps of {@link replaceFileAtomically}, in order; `onStep` is called after each. */
export type AtomicReplaceStep =
  | 'temporary-half-written'
  | 'temporary-written'
  | 'temporary-synced'
  | 'renamed'
  | 'directory-synced';

/**
 * Replaces the file at `path` with `content`: written to `temporary` beside it, fsynced, renamed
 * over it, and the directory fsynced, so a crash at any step leaves either the old file or the
 * new one, whole. On failure the temporary file is removed (when it can be) and the error thrown.
 */
export function replaceFileAtomically(
  path: string,
  content: Uint8Array,
  temporary: string,
  onStep: (step: AtomicReplaceStep) => void = () => {},
): void {
  try {
    const fd = openSync(temporary, 'w');
    try {
      const half = Math.floor(content.length / 2);
      writeAll(fd, content.subarray(0, half));
      onStep('temporary-half-written');
      writeAll(fd, content.subarray(half));
      onStep('temporary-written');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    onStep('temporary-synced');
    renameSync(temporary, path);
    onStep('renamed');
    fsyncDirectory(dirname(path));
    onStep('directory-synced');
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Left for the next open to remove; the error rethrown says what failed.
    }
    throw error;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) {
    const count = writeSync(fd, bytes, written, bytes.length - written);
    if (count <= 0) throw new Error(`the write took no bytes (${written} of ${bytes.length} written)`);
    written += count;
  }
}
