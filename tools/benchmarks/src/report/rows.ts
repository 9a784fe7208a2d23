import {
  type BenchRecord,
  type BenchResult,
  type Figure,
  isMeasured,
  type RowRecord,
  throughputFigure,
  type Unmeasured,
} from '@tradeloop-internal/bench-harness';

/** A row of the table: where its figures come from, and why it may be missing. */
export interface RequiredRow {
  id: string;
  title: string;
  better: 'higher' | 'lower';
  /** Names of the candidate and baselines, for an n/a row. */
  names: string[];
  /** Taken from a package's own bench: the package and a pattern of its record's title. */
  fromPackage?: { packageName: string; titlePattern: RegExp };
}

/** One line of a results file: a row from a suite, or a comparison or figure from a package bench. */
export type ResultLine = RowRecord | BenchRecord;

/** Results of one benchmark run (a package's bench script or a suite), with its outcome. */
export interface RunOutcome {
  /** e.g. "@tradeloop/auth" or "tools/benchmarks signing". */
  source: string;
  lines: ResultLine[];
  /** Why the run failed, when it did (exit code and the last error line). */
  failure: string | undefined;
}

/** A row of the final table, measured or not, with the run it came from. */
export interface TableRow extends Omit<RowRecord, 'kind'> {
  source: string;
}

export function isRowRecord(line: ResultLine): line is RowRecord {
  return (line as RowRecord).kind === 'row';
}

/** Reads a results file's text (JSON lines); unreadable lines are reported, not fatal. */
export function parseResults(text: string): { lines: ResultLine[]; problems: string[] } {
  const lines: ResultLine[] = [];
  const problems: string[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    if (raw.trim() === '') continue;
    try {
      lines.push(JSON.parse(raw) as ResultLine);
    } catch {
      problems.push(`line ${index + 1} is not JSON: ${raw.slice(0, 80)}`);
    }
  }
  return { lines, problems };
}

/** A package bench's comparison or figure as a row (ops/s, higher is better). */
export function rowOfBenchRecord(record: BenchRecord, id: string, source: string): TableRow {
  const unit = record.unit ? `${record.unit}s/s` : 'ops/s';
  const figure = (result: BenchResult): Figure => throughputFigure(result, unit);
  return {
    id,
    title: record.title,
    better: 'higher',
    candidate: figure(record.candidate),
    baselines: record.baseline ? [figure(record.baseline)] : [],
    ...(record.note ? { note: record.note } : {}),
    source,
  };
}

/**
 * Assembles the table: every required row in order (from its suite or its package's bench, or
 * n/a with the reason), then every other row the package benches reported.
 */
export function assembleTable(
  required: readonly RequiredRow[],
  outcomes: readonly RunOutcome[],
  suiteOf: (rowId: string) => string,
): { main: TableRow[]; packages: TableRow[] } {
  const adopted = new Set<BenchRecord>();
  const main = required.map((row): TableRow => {
    if (row.fromPackage !== undefined) {
      const { packageName, titlePattern } = row.fromPackage;
      const outcome = outcomes.find((candidate) => candidate.source === packageName);
      const record = outcome?.lines.find(
        (line): line is BenchRecord => !isRowRecord(line) && titlePattern.test(line.title),
      );
      if (record !== undefined) {
        adopted.add(record);
        const adoptedRow = rowOfBenchRecord(record, row.id, packageName);
        return { ...adoptedRow, title: row.title, better: row.better };
      }
      const reason =
        outcome === undefined
          ? `${packageName} has no bench script`
          : (outcome.failure ?? `${packageName}'s bench reported no "${titlePattern.source}" figure`);
      return unmeasuredRow(row, reason, packageName);
    }
    const source = suiteOf(row.id);
    const outcome = outcomes.find((candidate) => candidate.source === source);
    const found = outcome?.lines.find((line): line is RowRecord => isRowRecord(line) && line.id === row.id);
    if (found !== undefined) {
      const { kind: _kind, ...rest } = found;
      return { ...rest, source };
    }
    return unmeasuredRow(row, outcome?.failure ?? `${source} did not report this row`, source);
  });
  const packages: TableRow[] = [];
  for (const outcome of outcomes) {
    outcome.lines.forEach((line, index) => {
      if (isRowRecord(line) || adopted.has(line)) return;
      const row = rowOfBenchRecord(line, `${outcome.source}#${index}`, outcome.source);
      packages.push({ ...row, title: `${outcome.source}: ${row.title}` });
    });
  }
  return { main, packages };
}

function unmeasuredRow(row: RequiredRow, reason: string, source: string): TableRow {
  const [candidate = 'tradeloop', ...baselines] = row.names;
  const missing = (name: string): Unmeasured => ({ name, unavailable: reason });
  return {
    id: row.id,
    title: row.title,
    better: row.better,
    candidate: missing(candidate),
    baselines: baselines.map(missing),
    source,
  };
}

/** Rows with at least one figure that could not be measured. */
export function unmeasuredRows(rows: readonly TableRow[]): TableRow[] {
  return rows.filter(
    (row) => !isMeasured(row.candidate) || row.baselines.some((baseline) => !isMeasured(baseline)),
  );
}
