import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { grownGroups, retainerGroups } from './retainer-growth.js';

/** Classes only this test makes: a named owner and the records it keeps. */
class SoakProbeOwner {
  readonly records: SoakProbeEntry[] = [];
}
class SoakProbeEntry {
  constructor(readonly id: number) {}
}

describe('retainer-growth', () => {
  const directory = mkdtempSync(join(tmpdir(), 'soak-retainers-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('names the owner and field that keep what grew between two real heap snapshots', () => {
    const owner = new SoakProbeOwner();
    const only = /SoakProbeEntry/;
    const read = (name: string) =>
      retainerGroups(JSON.parse(readFileSync(writeHeapSnapshot(join(directory, name)), 'utf8')), 6, only);
    owner.records.push(new SoakProbeEntry(0));
    const before = read('a.heapsnapshot');
    for (let index = 1; index <= 300; index += 1) owner.records.push(new SoakProbeEntry(index));
    const after = read('b.heapsnapshot');

    const rows = grownGroups(before, after);
    expect(rows[0]?.key).toBe('object:SoakProbeEntry ← SoakProbeOwner.records');
    expect(rows[0]?.countDelta).toBe(300);
    expect(owner.records).toHaveLength(301);
  }, 120_000);
});
