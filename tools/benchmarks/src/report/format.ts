import {
  advantage,
  type Figure,
  formatFigure,
  isMeasured,
  type Unmeasured,
} from '@tradeloop-internal/bench-harness';
import type { TableRow } from './rows.js';

/** The machine and run a table was measured on. */
export interface RunContext {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  nodeVersion: string;
  platform: string;
  date: string;
  /** 1-minute load average at start and end: the machine may be shared. */
  loadAtStart: number;
  loadAtEnd: number;
  smoke: boolean;
  durationSeconds: number;
  /** Benches measured again later (`pnpm bench --only …`), their outcomes replacing the run's. */
  reruns?: Array<{
    sources: string[];
    date: string;
    loadAtStart: number;
    loadAtEnd: number;
    durationSeconds: number;
  }>;
}

/** "471,203 ops/s" with its range, or "n/a (reason)". */
export function describeFigure(figure: Figure | Unmeasured): { value: string; spread: string } {
  if (!isMeasured(figure)) return { value: `n/a (${figure.unavailable})`, spread: '' };
  return {
    value: formatFigure(figure.value, figure.unit),
    spread: `${formatFigure(figure.min, figure.unit)} – ${formatFigure(figure.max, figure.unit)}`,
  };
}

/** The ratio cell: how much better tradeloop is (>1) or worse (<1), or "–" when a side is missing. */
export function describeRatio(row: TableRow, baseline: Figure | Unmeasured): string {
  if (!isMeasured(row.candidate) || !isMeasured(baseline)) return '–';
  const ratio = advantage(row.candidate, baseline, row.better);
  return `${ratio.toFixed(2)}×`;
}

/** One table line per baseline (the first carries the row title and tradeloop's figure). */
export interface TableLine {
  benchmark: string;
  tradeloop: string;
  tradeloopFigure: string;
  tradeloopSpread: string;
  baseline: string;
  baselineFigure: string;
  baselineSpread: string;
  ratio: string;
}

export function tableLines(rows: readonly TableRow[]): TableLine[] {
  const lines: TableLine[] = [];
  for (const row of rows) {
    const candidate = describeFigure(row.candidate);
    const baselines = row.baselines.length > 0 ? row.baselines : [undefined];
    baselines.forEach((baseline, index) => {
      const described = baseline === undefined ? { value: '–', spread: '' } : describeFigure(baseline);
      lines.push({
        benchmark: index === 0 ? row.title : '',
        tradeloop: index === 0 ? row.candidate.name : '',
        tradeloopFigure: index === 0 ? candidate.value : '',
        tradeloopSpread: index === 0 ? candidate.spread : '',
        baseline: baseline?.name ?? '(no baseline)',
        baselineFigure: described.value,
        baselineSpread: described.spread,
        ratio: baseline === undefined ? '–' : describeRatio(row, baseline),
      });
    });
  }
  return lines;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** A Markdown table of rows. */
export function markdownTable(rows: readonly TableRow[]): string {
  const header = [
    '| benchmark | tradeloop | median | spread (min – max) | baseline | median | spread (min – max) | ratio |',
    '| --- | --- | ---: | --- | --- | ---: | --- | ---: |',
  ];
  const body = tableLines(rows).map(
    (line) =>
      `| ${[
        line.benchmark,
        line.tradeloop,
        line.tradeloopFigure,
        line.tradeloopSpread,
        line.baseline,
        line.baselineFigure,
        line.baselineSpread,
        line.ratio,
      ]
        .map(escapeCell)
        .join(' | ')} |`,
  );
  return [...header, ...body].join('\n');
}

/** A plain-text table for the terminal: benchmark title lines, then aligned figure lines. */
export function consoleTable(rows: readonly TableRow[]): string {
  const out: string[] = [];
  for (const line of tableLines(rows)) {
    if (line.benchmark) out.push('', line.benchmark);
    if (line.tradeloop)
      out.push(
        `  ${line.tradeloop.padEnd(56)} ${line.tradeloopFigure.padStart(20)}  ${line.tradeloopSpread}`,
      );
    out.push(
      `    vs ${line.baseline.padEnd(53)} ${line.baselineFigure.padStart(20)}  ${line.baselineSpread.padEnd(36)} ratio ${line.ratio}`,
    );
  }
  return out.join('\n');
}

/** Notes of the rows (how they were measured), as a Markdown list. */
export function markdownNotes(rows: readonly TableRow[]): string {
  return rows
    .filter((row) => row.note)
    .map((row) => `- **${row.title}**: ${row.note}`)
    .join('\n');
}

/** The whole BENCHMARKS.md. */
export function benchmarksMarkdown(
  main: readonly TableRow[],
  packages: readonly TableRow[],
  context: RunContext,
  commentary: string,
): string {
  const machine = [
    `- Machine: ${context.cpuModel}, ${context.cores} cores, ${context.memoryGiB.toFixed(0)} GiB memory, ${context.platform}`,
    `- Node ${context.nodeVersion}; measured ${context.date}${context.smoke ? ' (smoke run: numbers mean nothing)' : ''}`,
    `- Load average (1 min) ${context.loadAtStart.toFixed(2)} at the start, ${context.loadAtEnd.toFixed(2)} at the end; the run took ${Math.round(context.durationSeconds)} s`,
    ...(context.reruns ?? []).map(
      (rerun) =>
        `- Measured again on ${rerun.date} (\`--only\`; load ${rerun.loadAtStart.toFixed(2)} → ${rerun.loadAtEnd.toFixed(2)}, ${Math.round(rerun.durationSeconds)} s): ${rerun.sources.join(', ')}`,
    ),
  ];
  const notes = markdownNotes(main);
  return [
    '# Benchmarks',
    '',
    'Generated by `pnpm bench` (tools/benchmarks); do not edit by hand. Each row puts a tradeloop figure',
    'beside its baselines, all measured in the same run, alternating round by round so machine drift hits',
    'both alike. Figures are medians (or the stated percentile); the spread is the range over rounds.',
    'The ratio says how much better tradeloop is: above 1 it is better (faster, or less latency or memory),',
    'below 1 worse.',
    '',
    ...machine,
    '',
    '## Side by side',
    '',
    markdownTable(main),
    '',
    ...(notes ? ['### How the rows were measured', '', notes, ''] : []),
    ...(commentary ? [commentary.trim(), ''] : []),
    '## Every package benchmark',
    '',
    'Comparisons each package bench printed in the same run (operations per second).',
    '',
    packages.length > 0 ? markdownTable(packages) : '(none)',
    '',
  ].join('\n');
}
