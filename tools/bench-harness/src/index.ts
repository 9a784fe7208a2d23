import { appendFileSync } from 'node:fs';

/**
 * A tiny, dependency-free benchmark harness. Every comparison measures the candidate and its
 * baseline in alternating rounds in the same process, so machine drift hits both alike, and reports
 * medians with their spread. It prints numbers; it never asserts timings.
 */

/** One thing to measure: `run(iterations)` must do the work `iterations` times. */
export interface BenchCase {
  name: string;
  run: (iterations: number) => void | Promise<void>;
}

export interface BenchOptions {
  /** Operations per round. */
  iterations: number;
  /** Measured rounds per case (after one warm-up round). Default 10. */
  rounds?: number;
}

export interface BenchResult {
  name: string;
  /** Median operations per second over the rounds. */
  opsPerSecond: number;
  /** Lowest and highest rounds, operations per second. */
  min: number;
  max: number;
  /** Median time per operation in nanoseconds. */
  nanosecondsPerOp: number;
}

export interface Comparison {
  candidate: BenchResult;
  baseline: BenchResult;
  /** candidate ops/s ÷ baseline ops/s (1.0 = as fast as the baseline; above 1 = faster). */
  ratio: number;
}

/** True when the benchmarks should run a short smoke version (CI), set by `BENCH_SMOKE=1`. */
export const smoke = process.env.BENCH_SMOKE === '1';

/** Scales an iteration count down for smoke runs. */
export function scaled(iterations: number): number {
  return smoke ? Math.max(1, Math.floor(iterations / 100)) : iterations;
}

/** Measures `candidate` and `baseline` in alternation and returns both and their ratio. */
export async function compare(
  candidate: BenchCase,
  baseline: BenchCase,
  options: BenchOptions,
): Promise<Comparison> {
  const [candidateResult, baselineResult] = await measureAlternating([candidate, baseline], options);
  return {
    candidate: candidateResult as BenchResult,
    baseline: baselineResult as BenchResult,
    ratio: (candidateResult as BenchResult).opsPerSecond / (baselineResult as BenchResult).opsPerSecond,
  };
}

/** Measures several cases round-robin; returns one result per case, in order. */
export async function measureAlternating(cases: BenchCase[], options: BenchOptions): Promise<BenchResult[]> {
  const rounds = smoke ? 2 : (options.rounds ?? 10);
  const samples: number[][] = cases.map(() => []);
  for (const benchCase of cases) await benchCase.run(Math.max(1, Math.floor(options.iterations / 10))); // warm-up
  const order = cases.map((_, index) => index);
  for (let round = 0; round < rounds; round += 1) {
    // A-B, then B-A: whichever runs first in a round (and meets its garbage) alternates.
    const roundOrder = round % 2 === 0 ? order : [...order].reverse();
    for (const index of roundOrder) {
      const benchCase = cases[index] as BenchCase;
      const started = process.hrtime.bigint();
      await benchCase.run(options.iterations);
      const elapsedNs = Number(process.hrtime.bigint() - started);
      samples[index]?.push((options.iterations * 1e9) / elapsedNs);
    }
  }
  return cases.map((benchCase, index) => summarise(benchCase.name, samples[index] ?? []));
}

function summarise(name: string, opsPerSecondSamples: number[]): BenchResult {
  const sorted = [...opsPerSecondSamples].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return {
    name,
    opsPerSecond: median,
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    nanosecondsPerOp: 1e9 / median,
  };
}

/** Formats a count per second compactly: 471,203/s. */
export function formatRate(opsPerSecond: number): string {
  return `${Math.round(opsPerSecond).toLocaleString('en-US')}/s`;
}

/**
 * One row of the project-wide benchmark table. When `BENCH_RESULTS` names a file, every printed
 * comparison or figure is also appended there as a JSON line, so `pnpm bench` can gather one table.
 */
export interface BenchRecord {
  title: string;
  candidate: BenchResult;
  baseline?: BenchResult;
  ratio?: number;
  /** What one operation is, e.g. "signature", "message", "order". */
  unit?: string;
  note?: string;
}

/** Appends a record to the `BENCH_RESULTS` file, when one is set. */
export function record(entry: BenchRecord): void {
  const target = process.env.BENCH_RESULTS;
  if (target) appendFileSync(target, `${JSON.stringify(entry)}\n`);
}

/** Prints a comparison as a small table, records it, and returns the lines. */
export function printComparison(title: string, comparison: Comparison): string[] {
  const row = (result: BenchResult) =>
    `  ${result.name.padEnd(44)} ${formatRate(result.opsPerSecond).padStart(14)}  (${formatRate(result.min)} – ${formatRate(result.max)}, ${result.nanosecondsPerOp.toFixed(0)} ns/op)`;
  const lines = [
    title,
    row(comparison.candidate),
    row(comparison.baseline),
    `  ratio ${comparison.candidate.name} / ${comparison.baseline.name}: ${comparison.ratio.toFixed(2)}`,
  ];
  console.log(lines.join('\n'));
  record({ title, candidate: comparison.candidate, baseline: comparison.baseline, ratio: comparison.ratio });
  return lines;
}

// ----------------------------------------------------------------------------- rows in any unit

/**
 * One measured figure in any unit (ops/s, µs, MiB): the median over rounds or samples and the
 * spread around it. `pnpm bench` puts figures side by side in one table.
 */
export interface Figure {
  /** What was measured, e.g. "@tradeloop/auth ExchangeSigner.sign". */
  name: string;
  /** The headline number: a median (or the stated percentile). */
  value: number;
  /** The spread: lowest and highest round (or sample) in the same unit. */
  min: number;
  max: number;
  /** e.g. "ops/s", "µs", "MiB". */
  unit: string;
}

/** A figure that could not be measured in this run, and why (never a made-up number). */
export interface Unmeasured {
  name: string;
  unavailable: string;
}

/** A candidate (tradeloop) beside one or more baselines, all measured in the same run. */
export interface RowRecord {
  kind: 'row';
  /** Stable id of the row, e.g. "signing"; the table keeps rows in the order of their ids. */
  id: string;
  /** e.g. "Signing: signatures per second (POST /orders)". */
  title: string;
  /** Whether a larger value is the better one (throughput) or a smaller one (latency, memory). */
  better: 'higher' | 'lower';
  candidate: Figure | Unmeasured;
  baselines: Array<Figure | Unmeasured>;
  note?: string;
}

/** True when the figure was measured (not {@link Unmeasured}). */
export function isMeasured(figure: Figure | Unmeasured): figure is Figure {
  return !('unavailable' in figure);
}

/** A throughput {@link BenchResult} as a {@link Figure} in ops/s. */
export function throughputFigure(result: BenchResult, unit = 'ops/s'): Figure {
  return { name: result.name, value: result.opsPerSecond, min: result.min, max: result.max, unit };
}

/**
 * How much better the candidate is than the baseline: above 1 the candidate is better, whatever
 * the direction (ops/s: candidate ÷ baseline; latency or memory: baseline ÷ candidate).
 */
export function advantage(candidate: Figure, baseline: Figure, better: 'higher' | 'lower'): number {
  return better === 'higher' ? candidate.value / baseline.value : baseline.value / candidate.value;
}

/** Formats a figure's value in its unit: 471,203 ops/s, 412.3 µs, 87.5 MiB. */
export function formatFigure(value: number, unit: string): string {
  if (unit.endsWith('/s')) return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}

/** Prints a row (candidate, each baseline, each ratio) and records it for the project table. */
export function printRow(row: Omit<RowRecord, 'kind'>): string[] {
  const describe = (figure: Figure | Unmeasured) =>
    isMeasured(figure)
      ? `  ${figure.name.padEnd(52)} ${formatFigure(figure.value, figure.unit).padStart(18)}  (${formatFigure(figure.min, figure.unit)} – ${formatFigure(figure.max, figure.unit)})`
      : `  ${figure.name.padEnd(52)} n/a (${figure.unavailable})`;
  const lines = [row.title, describe(row.candidate), ...row.baselines.map(describe)];
  for (const baseline of row.baselines) {
    if (isMeasured(row.candidate) && isMeasured(baseline)) {
      lines.push(
        `  ratio vs ${baseline.name}: ${advantage(row.candidate, baseline, row.better).toFixed(2)} (>1: tradeloop better)`,
      );
    }
  }
  if (row.note) lines.push(`  note: ${row.note}`);
  console.log(lines.join('\n'));
  const target = process.env.BENCH_RESULTS;
  if (target) appendFileSync(target, `${JSON.stringify({ kind: 'row', ...row } satisfies RowRecord)}\n`);
  return lines;
}

/**
 * The `fraction` quantile (0.5 = median, 0.99 = p99) of samples sorted ascending, by the
 * nearest-rank method: always one of the samples, never an interpolation.
 */
export function quantile(sortedSamples: readonly number[], fraction: number): number {
  if (sortedSamples.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sortedSamples.length);
  return sortedSamples[Math.min(sortedSamples.length, Math.max(1, rank)) - 1] as number;
}
