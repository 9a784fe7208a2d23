import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diskScratchDirectory, fileSystemOf } from './disk-scratch.js';

const mounts = [
  '/dev/vda / ext4 rw,relatime 0 0',
  'tmpfs /tmp tmpfs rw,nosuid 0 0',
  'tmpfs /tmpdata tmpfs rw 0 0',
].join('\n');

describe('fileSystemOf', () => {
  it('takes the longest mount point that holds the path', () => {
    expect(fileSystemOf('/tmp', mounts)).toBe('tmpfs');
    expect(fileSystemOf('/', mounts)).toBe('ext4');
  });

  it('does not take a mount point that is only a prefix of a folder name', () => {
    // /usr is under /, not under a mount named like it.
    expect(fileSystemOf('/usr', `${mounts}\ntmpfs /us tmpfs rw 0 0`)).toBe('ext4');
  });
});

describe('diskScratchDirectory', () => {
  it('makes a folder on a file system that is not in memory', () => {
    const scratch = diskScratchDirectory('benchmarks-test-');
    try {
      expect(['tmpfs', 'ramfs']).not.toContain(scratch.fileSystem);
      expect(fileSystemOf(scratch.path)).toBe(scratch.fileSystem);
    } finally {
      rmSync(scratch.path, { recursive: true, force: true });
    }
  });
});
