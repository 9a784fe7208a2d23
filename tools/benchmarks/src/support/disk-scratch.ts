import { mkdirSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** File systems that live in memory: a journal there skips the disk flush a real bot pays. */
const MEMORY_FILE_SYSTEMS = new Set(['tmpfs', 'ramfs']);

/** The file-system type of the mount that holds `path` (from /proc/mounts), or undefined off Linux. */
export function fileSystemOf(path: string, mounts = readMounts()): string | undefined {
  const real = realpathSync(path);
  let best: { mountPoint: string; type: string } | undefined;
  for (const line of mounts.split('\n')) {
    const [, mountPoint, type] = line.split(' ');
    if (mountPoint === undefined || type === undefined) continue;
    const inside = real === mountPoint || real.startsWith(mountPoint === '/' ? '/' : `${mountPoint}/`);
    if (inside && (best === undefined || mountPoint.length > best.mountPoint.length))
      best = { mountPoint, type };
  }
  return best?.type;
}

function readMounts(): string {
  try {
    return readFileSync('/proc/mounts', 'utf8');
  } catch {
    return '';
  }
}

/**
 * A fresh folder on a disk-backed file system, for files whose flushes are part of what is
 * measured (the bot's journal): the system temp folder unless it is in memory, else a folder
 * under the repository's git-ignored `bench-results/`.
 */
export function diskScratchDirectory(prefix: string): { path: string; fileSystem: string } {
  const systemTemp = tmpdir();
  const systemType = fileSystemOf(systemTemp);
  if (systemType !== undefined && !MEMORY_FILE_SYSTEMS.has(systemType))
    return { path: mkdtempSync(join(systemTemp, prefix)), fileSystem: systemType };
  const results = fileURLToPath(new URL('../../../../bench-results/', import.meta.url));
  mkdirSync(results, { recursive: true });
  return { path: mkdtempSync(join(results, prefix)), fileSystem: fileSystemOf(results) ?? 'unknown' };
}
