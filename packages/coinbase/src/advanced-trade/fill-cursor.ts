import type { FillCursor } from '@tradeloop/strategy-kit';
import { InvalidFillCursorError } from '../errors.js';

/**
 * Where the Advanced Trade venue stands in the account's fill history: the newest
 * `sequence_timestamp` seen (ms) and the `entry_id`s of the fills at exactly that time (several
 * fills share a timestamp, and the endpoint's `start_sequence_timestamp` is inclusive).
 * Advanced Trade's own `cursor` only pages one listing; it cannot resume a later one.
 */
export interface FillPosition {
  readonly timeMs: number;
  readonly entryIds: readonly string[];
}

const PREFIX = 'at1.';
const EXPECTED = `"${PREFIX}" and base64url of a fill time with the fills seen at it`;

/** The opaque cursor the runtime stores for a position. */
export function encodeFillCursor(position: FillPosition): FillCursor {
  const json = JSON.stringify({ t: position.timeMs, e: [...position.entryIds].sort() });
  return `${PREFIX}${Buffer.from(json, 'utf8').toString('base64url')}`;
}

/** @throws {InvalidFillCursorError} for anything {@link encodeFillCursor} did not make. */
export function decodeFillCursor(cursor: FillCursor): FillPosition {
  if (!cursor.startsWith(PREFIX) || cursor.length > 100_000)
    throw new InvalidFillCursorError(cursor, EXPECTED);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw new InvalidFillCursorError(cursor, EXPECTED);
  }
  const record = parsed as { t?: unknown; e?: unknown };
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof record.t !== 'number' ||
    !Number.isSafeInteger(record.t) ||
    record.t < 0 ||
    !Array.isArray(record.e) ||
    !record.e.every((id) => typeof id === 'string')
  )
    throw new InvalidFillCursorError(cursor, EXPECTED);
  return { timeMs: record.t, entryIds: record.e as string[] };
}

/** The position after `fills` (oldest first), starting from `previous`. */
export function positionAfter(
  previous: FillPosition | undefined,
  fills: ReadonlyArray<{ timeMs: number; entryId: string }>,
): FillPosition | undefined {
  let position = previous;
  for (const fill of fills) {
    if (position === undefined || fill.timeMs > position.timeMs)
      position = { timeMs: fill.timeMs, entryIds: [fill.entryId] };
    else if (fill.timeMs === position.timeMs && !position.entryIds.includes(fill.entryId))
      position = { timeMs: position.timeMs, entryIds: [...position.entryIds, fill.entryId] };
  }
  return position;
}

/** True when a fill lies after the position (newer, or at its time and not yet seen). */
export function isAfter(position: FillPosition, fill: { timeMs: number; entryId: string }): boolean {
  return (
    fill.timeMs > position.timeMs ||
    (fill.timeMs === position.timeMs && !position.entryIds.includes(fill.entryId))
  );
}
