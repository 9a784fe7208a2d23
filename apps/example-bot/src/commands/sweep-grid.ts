/**
 * The parameter grid of `--sweep fast=5..20:5,slow=20..60:10`: each axis a name and its values
 * (`from..to:step`, inclusive, or a `|`-separated list), the cells every combination in a fixed
 * order, and the ranking of finished cells (Sharpe, then total return, best first).
 */
import { Decimal } from 'decimal.js';
import { ConfigError } from '../config-error.js';

/** One swept parameter. */
export interface SweepAxis {
  name: string;
  /** Values as text, as `--param` would give them. */
  values: string[];
}

/** The most cells one sweep may have (a typo such as a step of 0.0001 should not start a million runs). */
export const MAX_SWEEP_CELLS = 10_000;

const AXIS = /^([A-Za-z][A-Za-z0-9_-]*)=(.+)$/;
const RANGE = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/;

/** @throws {ConfigError} naming the part that is wrong. */
export function parseSweep(text: string): SweepAxis[] {
  const axes: SweepAxis[] = [];
  for (const part of text
    .split(',')
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '')) {
    const axis = AXIS.exec(part);
    if (axis === null) throw sweepError(text, `"${part}" is not name=from..to:step or name=a|b|c`);
    const [, name, spec] = axis as unknown as [string, string, string];
    if (axes.some((existing) => existing.name === name)) throw sweepError(text, `${name} is swept twice`);
    const range = RANGE.exec(spec);
    let values: string[];
    if (range !== null) {
      const from = new Decimal(range[1] as string);
      const to = new Decimal(range[2] as string);
      const step = new Decimal(range[3] ?? '1');
      if (step.lte(0)) throw sweepError(text, `the step of ${name} must be positive`);
      if (to.lt(from))
        throw sweepError(text, `${name} goes from ${from} down to ${to}; write the smaller bound first`);
      values = [];
      for (let value = from; value.lte(to); value = value.plus(step)) {
        values.push(value.toFixed());
        if (values.length > MAX_SWEEP_CELLS)
          throw sweepError(text, `${name} has more than ${MAX_SWEEP_CELLS} values`);
      }
    } else {
      values = spec.split('|').map((value) => value.trim());
      if (values.some((value) => value === '')) throw sweepError(text, `${name} has an empty value`);
    }
    axes.push({ name, values });
  }
  if (axes.length === 0) throw sweepError(text, 'it names no parameter');
  const cells = axes.reduce((count, axis) => count * axis.values.length, 1);
  if (cells > MAX_SWEEP_CELLS) throw sweepError(text, `it makes ${cells} runs, more than ${MAX_SWEEP_CELLS}`);
  return axes;
}

/** Every combination, the first axis varying slowest. */
export function sweepCells(axes: readonly SweepAxis[]): Record<string, string>[] {
  let cells: Record<string, string>[] = [{}];
  for (const axis of axes)
    cells = cells.flatMap((cell) => axis.values.map((value) => ({ ...cell, [axis.name]: value })));
  return cells;
}

/** What ranking needs of a cell's metrics (ratios as decimal strings, null where undefined). */
export interface RankableMetrics {
  readonly sharpe: string | null;
  readonly totalReturn: string | null;
}

/**
 * Best first: higher Sharpe (undefined last), then higher total return; ties keep grid order, so
 * the ranking is deterministic.
 */
export function rankCells<Cell extends { metrics: RankableMetrics }>(cells: readonly Cell[]): Cell[] {
  const key = (value: string | null) => (value === null ? undefined : new Decimal(value));
  const compare = (left: string | null, right: string | null) => {
    const [a, b] = [key(left), key(right)];
    if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
    return b.comparedTo(a);
  };
  return cells
    .map((cell, index) => ({ cell, index }))
    .sort(
      (left, right) =>
        compare(left.cell.metrics.sharpe, right.cell.metrics.sharpe) ||
        compare(left.cell.metrics.totalReturn, right.cell.metrics.totalReturn) ||
        left.index - right.index,
    )
    .map(({ cell }) => cell);
}

function sweepError(text: string, problem: string): ConfigError {
  return new ConfigError(
    `--sweep takes name=from..to:step pairs such as fast=5..20:5,slow=20..60:10, but ${JSON.stringify(text)} cannot be read: ${problem}.`,
  );
}
