/**
 * Journal compaction: the journal is rewritten with only what a restart needs, so that its size
 * and its replay time stay bounded however long the bot runs. The new journal is written beside
 * the old one, fsynced, renamed over it, and the directory fsynced: a crash at any step leaves
 * either the old journal or the new one, and both replay to the same state.
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, JournalError } from '../errors.js';
import { ZERO } from '../model/decimal.js';
import { isTerminal } from '../model/order-state.js';
import { Positions } from '../portfolio/positions.js';
import {
  fillToJournal,
  type JournaledOrder,
  type JournalRecord,
  type JournalReplay,
  parseLines,
  positionToJournal,
  replayRecords,
  requestToJournal,
} from './journal-records.js';
import { type AtomicReplaceStep, replaceFileAtomically } from './replace-file-atomically.js';

/** The default size past which a file journal compacts itself: 1 MiB (about 2,000 orders). */
export const DEFAULT_COMPACTION_ABOVE_BYTES = 1024 * 1024;

/** The steps of a compaction, in order; `onStep` is called after each. */
export type CompactionStep = AtomicReplaceStep;

/** When and how a {@link FileJournal} compacts itself (the `compaction` option). */
export interface JournalCompactionOptions {
  /** Compact when the journal is opened (the replay handed back is the full one). Default true. */
  atOpen?: boolean;
  /**
   * Compact when the file grows past this many bytes (checked after each append, which then takes
   * as long as reading the file once). Default {@link DEFAULT_COMPACTION_ABOVE_BYTES};
   * `Number.POSITIVE_INFINITY` never.
   */
  aboveBytes?: number;
  /** Called after each step of a compaction (tests stop the process there to prove each step safe). */
  onStep?: (step: CompactionStep) => void;
  /**
   * Called when a compaction during an append failed (the appended record is safe; the journal
   * stays as it was and is compacted again once it has doubled). Default: ignored.
   */
  onFailed?: (error: JournalError) => void;
}

/** Compaction options with their defaults applied. */
export interface ResolvedCompaction {
  readonly atOpen: boolean;
  readonly aboveBytes: number;
  readonly onStep: ((step: CompactionStep) => void) | undefined;
  readonly onFailed: ((error: JournalError) => void) | undefined;
}

/** The options with defaults, or `undefined` when compaction is off (`false`). */
export function resolveCompaction(
  options: JournalCompactionOptions | false | undefined,
): ResolvedCompaction | undefined {
  if (options === false) return undefined;
  const aboveBytes = options?.aboveBytes ?? DEFAULT_COMPACTION_ABOVE_BYTES;
  if (!(aboveBytes > 0))
    throw new InvalidArgumentError(
      'compaction.aboveBytes',
      `expected a positive number of bytes, received ${String(aboveBytes)}`,
    );
  return {
    atOpen: options?.atOpen ?? true,
    aboveBytes,
    onStep: options?.onStep,
    onFailed: options?.onFailed,
  };
}

/** What a compaction did. */
export interface CompactionResult {
  /** False when there was nothing to drop (the file was left as it was). */
  readonly compacted: boolean;
  readonly recordsBefore: number;
  readonly recordsAfter: number;
  readonly bytesAfter: number;
}

/** The file a compaction writes before renaming it over the journal. */
export function compactionTemporaryPath(path: string): string {
  return `${path}.compacting`;
}

/**
 * Rewrites the journal at `path` with only what a restart needs (see {@link compactedRecords}).
 * The caller holds the journal's lock and has no partly written line in it.
 *
 * @param records the file's records when the caller has parsed them already.
 * @throws JournalError when the journal cannot be read, or the new one written or renamed (the
 *   old journal is then left in place, whole).
 */
export function compactJournal(
  path: string,
  options: Pick<ResolvedCompaction, 'onStep'> = { onStep: undefined },
  records?: readonly JournalRecord[],
): CompactionResult {
  let before = records;
  if (before === undefined) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new JournalError(path, 'expected a readable journal file to compact', { cause: error });
    }
    before = parseLines(path, text.slice(0, text.lastIndexOf('\n') + 1));
  }
  const after = compactedRecords(before);
  if (after.length >= before.length)
    return { compacted: false, recordsBefore: before.length, recordsAfter: before.length, bytesAfter: -1 };
  const content = Buffer.from(after.map((record) => `${JSON.stringify(record)}\n`).join(''), 'utf8');
  try {
    replaceFileAtomically(path, content, compactionTemporaryPath(path), options.onStep);
  } catch (error) {
    throw new JournalError(path, 'could not compact the journal (the old one is left in place)', {
      cause: error,
    });
  }
  return {
    compacted: true,
    recordsBefore: before.length,
    recordsAfter: after.length,
    bytesAfter: content.length,
  };
}

/**
 * The records a compacted journal holds; they replay to the same state as `records`:
 * - the fill cursor of each product (after the orders kept for fills past it, before the rest);
 * - every order a restart must still track, with its id, fills and status: orders not final,
 *   orders `filled` whose fills do not add up to their size (a restart fetches the rest), and
 *   orders with a fill journaled after their product's last fill cursor (a restart's
 *   reconciliation may hear of that fill again, and must know whose it is);
 * - per product, the position built from every fill (a `position` record after the orders, so
 *   the kept orders' fills are not counted twice).
 * Finished orders are dropped: reconciliation asks the venue only about working orders and fills
 * past the cursors, and each run's summary file has listed them already.
 */
export function compactedRecords(records: readonly JournalRecord[]): JournalRecord[] {
  const replay = replayRecords(records);
  const at = records.at(-1)?.at ?? 0;
  const recentlyFilled = ordersFilledAfterLastCursor(records);
  const out: JournalRecord[] = [];
  const kept = [...replay.orders.values()].filter((order) => mustKeep(order, recentlyFilled));
  const isRecent = (order: JournaledOrder) => recentlyFilled.has(order.request.clientOrderId);
  // Orders with fills past the cursors stay after them, so that the next compaction sees the same.
  for (const order of kept.filter((order) => !isRecent(order))) out.push(...orderRecords(order, at));
  for (const [productId, cursor] of replay.fillCursors)
    out.push({ kind: 'fill-cursor', at, productId, cursor });
  for (const order of kept.filter(isRecent)) out.push(...orderRecords(order, at));
  for (const position of replayedPositions(replay).all())
    out.push({ kind: 'position', at, position: positionToJournal(position.carried()) });
  return out;
}

/** One order as records: placed (at its original time), its exchange id, its fills, its last status. */
function orderRecords(order: JournaledOrder, at: number): JournalRecord[] {
  const clientOrderId = order.request.clientOrderId;
  const out: JournalRecord[] = [
    { kind: 'order', at: order.createdAt, origin: order.origin, request: requestToJournal(order.request) },
  ];
  if (order.orderId !== undefined) out.push({ kind: 'order-id', at, clientOrderId, orderId: order.orderId });
  for (const fill of order.fills) out.push({ kind: 'fill', at, clientOrderId, fill: fillToJournal(fill) });
  if (order.finalStatus !== undefined) out.push({ kind: 'status', at, clientOrderId, ...order.finalStatus });
  return out;
}

function mustKeep(order: JournaledOrder, recentlyFilled: ReadonlySet<string>): boolean {
  const final = order.finalStatus?.status;
  if (final === undefined || !isTerminal(final)) return true;
  if (recentlyFilled.has(order.request.clientOrderId)) return true;
  const size = order.request.size;
  if (final !== 'filled' || size === undefined) return false;
  const filled = order.fills.reduce((sum, fill) => sum.plus(fill.size), ZERO);
  return filled.lessThan(size);
}

/** Client ids of orders with a fill journaled after the last fill cursor of its product (or with no cursor). */
function ordersFilledAfterLastCursor(records: readonly JournalRecord[]): Set<string> {
  const lastCursor = new Map<string, number>();
  records.forEach((record, index) => {
    if (record.kind === 'fill-cursor') lastCursor.set(record.productId, index);
  });
  const ids = new Set<string>();
  records.forEach((record, index) => {
    if (record.kind === 'fill' && index > (lastCursor.get(record.fill.productId) ?? -1))
      ids.add(record.clientOrderId);
  });
  return ids;
}

/**
 * The positions a restart rebuilds from a replay: each carried position, then the fills not
 * counted in it, order by order (as the runtime applies them).
 */
export function replayedPositions(replay: Pick<JournalReplay, 'orders' | 'positions'>): Positions {
  const positions = new Positions();
  for (const carried of replay.positions.values()) positions.get(carried.productId).restore(carried);
  for (const order of replay.orders.values())
    for (const fill of order.fills.slice(order.fillsCounted)) positions.apply(fill);
  return positions;
}
