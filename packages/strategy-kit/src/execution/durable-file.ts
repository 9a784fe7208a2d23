import { closeSync, fsyncSync, openSync } from 'node:fs';

/** Makes a directory's entries (a created or renamed file) durable. */
export function fsyncDirectory(directory: string): void {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
