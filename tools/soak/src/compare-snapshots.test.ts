import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { compareTotals, totalsByConstructor } from './compare-snapshots.js';

/** A class only this test makes, so its count in the snapshots is exactly what the test kept. */
class SoakProbeRecord {
  constructor(readonly id: number) {}
}

describe('compare-snapshots', () => {
  const directory = mkdtempSync(join(tmpdir(), 'soak-snapshots-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('finds the constructor whose instances were kept between two real heap snapshots', () => {
    const kept: SoakProbeRecord[] = [new SoakProbeRecord(0)];
    const before = totalsByConstructor(
      JSON.parse(readFileSync(writeHeapSnapshot(join(directory, 'a.heapsnapshot')), 'utf8')),
    );
    for (let index = 1; index <= 500; index += 1) kept.push(new SoakProbeRecord(index));
    const after = totalsByConstructor(
      JSON.parse(readFileSync(writeHeapSnapshot(join(directory, 'b.heapsnapshot')), 'utf8')),
    );

    expect(before.get('object:SoakProbeRecord')?.count).toBe(1);
    expect(after.get('object:SoakProbeRecord')?.count).toBe(501);
    const row = compareTotals(before, after).find((entry) => entry.name === 'object:SoakProbeRecord');
    expect(row?.countDelta).toBe(500);
    expect(row?.bytesDelta).toBeGreaterThan(0);
    expect(kept).toHaveLength(501);
  }, 120_000);
});
