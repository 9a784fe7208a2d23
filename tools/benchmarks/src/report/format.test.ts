import { describe, expect, it } from 'vitest';
import { slowerThanBaseline } from './explanations.js';
import { benchmarksMarkdown, markdownTable, type RunContext } from './format.js';
import type { TableRow } from './rows.js';

const latencyRow: TableRow = {
  id: 'tick-to-order-p50',
  title: 'Tick-to-order p50',
  better: 'lower',
  candidate: { name: 'runtime', value: 200, min: 180, max: 220, unit: 'µs' },
  baselines: [
    { name: 'ccxt pro', value: 400, min: 380, max: 450, unit: 'µs' },
    { name: 'websocket + rest, no runtime', value: 100, min: 90, max: 110, unit: 'µs' },
  ],
  source: 'suite',
};
const missingRow: TableRow = {
  id: 'memory',
  title: 'Memory | RSS',
  better: 'lower',
  candidate: { name: 'bot', unavailable: 'no main.ts yet' },
  baselines: [{ name: 'bare', value: 80, min: 79, max: 81, unit: 'MiB' }],
  source: 'suite',
};

describe('markdownTable', () => {
  it('puts each baseline on its own line with the ratio in the better direction', () => {
    const lines = markdownTable([latencyRow]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(
      '| Tick-to-order p50 | runtime | 200 µs | 180 µs – 220 µs | ccxt pro | 400 µs | 380 µs – 450 µs | 2.00× |',
    );
    expect(lines[3]).toBe('|  |  |  |  | websocket + rest, no runtime | 100 µs | 90.0 µs – 110 µs | 0.50× |');
  });

  it('writes n/a with its reason, no ratio, and escapes pipes', () => {
    const line = markdownTable([missingRow]).split('\n')[2];
    expect(line).toBe(
      '| Memory \\| RSS | bot | n/a (no main.ts yet) |  | bare | 80.0 MiB | 79.0 MiB – 81.0 MiB | – |',
    );
  });
});

describe('slowerThanBaseline', () => {
  it('lists only the pairs where tradeloop trails, with the recorded reason', () => {
    const section = slowerThanBaseline([latencyRow, missingRow]);
    expect(section).toContain('0.50× vs websocket + rest, no runtime. Why');
    expect(section).toContain('Why: the runtime is the cost of safety');
    expect(section).not.toContain('ccxt pro.');
  });

  it('explains the tick-to-order gap to the raw floor by what the example bot adds', () => {
    const row: TableRow = {
      ...latencyRow,
      baselines: [{ name: 'raw floor: ws + JSON.parse', value: 100, min: 90, max: 110, unit: 'µs' }],
    };
    const section = slowerThanBaseline([row]);
    expect(section).toContain('0.50× vs raw floor: ws + JSON.parse. Why: measured across processes');
    expect(section).toContain('the journal record and its `write(2)` into the page cache before the send');
  });

  it('says when the spreads overlap, so a small gap is not read as a real one', () => {
    const close: TableRow = {
      ...latencyRow,
      baselines: [{ name: 'near', value: 190, min: 170, max: 215, unit: 'µs' }],
    };
    expect(slowerThanBaseline([close])).toContain('0.95× vs near (the spreads overlap');
  });

  it('says so when tradeloop trails nowhere', () => {
    expect(slowerThanBaseline([missingRow])).toContain('Nowhere in this run.');
  });
});

describe('benchmarksMarkdown', () => {
  it('states the machine, Node version, date and load, and flags a smoke run', () => {
    const context: RunContext = {
      cpuModel: 'AMD EPYC',
      cores: 2,
      memoryGiB: 24,
      nodeVersion: 'v20.20.2',
      platform: 'linux 6.1',
      date: '2026-01-02T03:04:05Z',
      loadAtStart: 0.5,
      loadAtEnd: 1.25,
      smoke: true,
      durationSeconds: 42,
    };
    const markdown = benchmarksMarkdown([latencyRow], [], context, '');
    expect(markdown).toContain('- Machine: AMD EPYC, 2 cores, 24 GiB memory, linux 6.1');
    expect(markdown).toContain(
      '- Node v20.20.2; measured 2026-01-02T03:04:05Z (smoke run: numbers mean nothing)',
    );
    expect(markdown).toContain('0.50 at the start, 1.25 at the end; the run took 42 s');
  });
});
