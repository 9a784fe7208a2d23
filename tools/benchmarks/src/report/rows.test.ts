import type { BenchRecord, BenchResult, RowRecord } from '@tradeloop-internal/bench-harness';
import { describe, expect, it } from 'vitest';
import { assembleTable, parseResults, type RequiredRow, type RunOutcome, unmeasuredRows } from './rows.js';

const result = (name: string, opsPerSecond: number): BenchResult => ({
  name,
  opsPerSecond,
  min: opsPerSecond * 0.9,
  max: opsPerSecond * 1.1,
  nanosecondsPerOp: 1e9 / opsPerSecond,
});

const suiteRow: RowRecord = {
  kind: 'row',
  id: 'signing',
  title: 'Signing (suite title)',
  better: 'higher',
  candidate: { name: 'tradeloop', value: 300, min: 290, max: 310, unit: 'signatures/s' },
  baselines: [{ name: 'raw', value: 400, min: 390, max: 410, unit: 'signatures/s' }],
};
const runtimeRecord: BenchRecord = {
  title: 'Events per second through the runtime',
  candidate: result('runtime', 1_000_000),
  baseline: result('eventemitter3', 3_000_000),
  ratio: 1 / 3,
};
const otherRecord: BenchRecord = { title: 'Something else', candidate: result('thing', 5) };

const required: RequiredRow[] = [
  { id: 'signing', title: 'Signing', better: 'higher', names: ['tradeloop', 'raw'] },
  {
    id: 'runtime',
    title: 'Runtime',
    better: 'higher',
    names: ['runtime', 'eventemitter3'],
    fromPackage: { packageName: '@tradeloop/strategy-kit', titlePattern: /through the runtime/i },
  },
  { id: 'memory', title: 'Memory', better: 'lower', names: ['bot', 'bare client'] },
];
const suiteOf = (id: string) => (id === 'memory' ? 'suite memory' : 'suite signing');

describe('assembleTable', () => {
  it('takes suite rows by id and package records by title, and lists the rest of the package records', () => {
    const outcomes: RunOutcome[] = [
      { source: 'suite signing', lines: [suiteRow], failure: undefined },
      { source: '@tradeloop/strategy-kit', lines: [runtimeRecord, otherRecord], failure: undefined },
    ];
    const { main, packages } = assembleTable(required, outcomes, suiteOf);
    expect(main.map((row) => row.id)).toEqual(['signing', 'runtime', 'memory']);
    expect(main[0]).toMatchObject({ title: 'Signing (suite title)', source: 'suite signing' });
    expect(main[1]).toMatchObject({
      title: 'Runtime',
      source: '@tradeloop/strategy-kit',
      candidate: { name: 'runtime', value: 1_000_000, unit: 'ops/s' },
      baselines: [{ name: 'eventemitter3', value: 3_000_000 }],
    });
    expect(packages.map((row) => row.title)).toEqual(['@tradeloop/strategy-kit: Something else']);
  });

  it('shows a row it cannot fill as n/a with the failure of the run that should have filled it', () => {
    const outcomes: RunOutcome[] = [
      { source: 'suite memory', lines: [], failure: 'bench exited with code 1: boom' },
    ];
    const { main } = assembleTable(required, outcomes, suiteOf);
    expect(main[2]?.candidate).toEqual({ name: 'bot', unavailable: 'bench exited with code 1: boom' });
    expect(main[2]?.baselines).toEqual([
      { name: 'bare client', unavailable: 'bench exited with code 1: boom' },
    ]);
    expect(main[1]?.candidate).toMatchObject({ unavailable: '@tradeloop/strategy-kit has no bench script' });
    expect(unmeasuredRows(main).map((row) => row.id)).toEqual(['signing', 'runtime', 'memory']);
  });

  it('says which figure a package bench did not report', () => {
    const outcomes: RunOutcome[] = [
      { source: '@tradeloop/strategy-kit', lines: [otherRecord], failure: undefined },
    ];
    const { main } = assembleTable(required, outcomes, suiteOf);
    expect(main[1]?.candidate).toMatchObject({ unavailable: expect.stringContaining('reported no') });
  });
});

describe('parseResults', () => {
  it('reads JSON lines and reports unreadable ones instead of failing', () => {
    const { lines, problems } = parseResults(`${JSON.stringify(suiteRow)}\nnot json\n\n`);
    expect(lines).toHaveLength(1);
    expect(problems).toEqual(['line 2 is not JSON: not json']);
  });
});
