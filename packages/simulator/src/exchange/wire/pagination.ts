import type { CursorPage, CursorPageRequest, Result } from '../contract.js';

/** Parses an integer cursor; undefined input stays undefined. */
export function parseCursor(value: string | undefined, name: 'before' | 'after'): Result<number | undefined> {
  if (value === undefined || value === '') return { ok: true, value: undefined };
  if (!/^-?\d{1,16}$/.test(value))
    return { ok: false, error: { status: 400, message: `Invalid ${name} cursor` } };
  return { ok: true, value: Number(value) };
}

/**
 * Coinbase cursor pagination over items sorted oldest first by an integer cursor: results are
 * newest first; `after=c` pages to older items (cursor < c), `before=c` to newer ones (cursor > c,
 * the `limit` closest to c). The page carries the cursors of its first (newest) and last (oldest) items.
 */
export function paginate<Item>(
  ascending: readonly Item[],
  cursorOf: (item: Item) => number,
  page: CursorPageRequest,
): Result<CursorPage<Item>> {
  const before = parseCursor(page.before, 'before');
  if (!before.ok) return before;
  const after = parseCursor(page.after, 'after');
  if (!after.ok) return after;
  const lower = before.value;
  const upper = after.value;
  const items: Item[] = [];
  if (lower !== undefined && upper === undefined) {
    let index = firstAbove(ascending, cursorOf, lower);
    const end = Math.min(ascending.length, index + page.limit);
    for (index = end - 1; index >= 0 && cursorOf(ascending[index] as Item) > lower; index -= 1) {
      items.push(ascending[index] as Item);
    }
  } else {
    let index = upper === undefined ? ascending.length - 1 : firstAbove(ascending, cursorOf, upper - 1) - 1;
    for (; index >= 0 && items.length < page.limit; index -= 1) {
      const item = ascending[index] as Item;
      if (lower !== undefined && cursorOf(item) <= lower) break;
      items.push(item);
    }
  }
  return { ok: true, value: withCursors(items, cursorOf) };
}

/** A page whose header cursors are the newest and oldest items' cursors (none when empty). */
export function withCursors<Item>(items: Item[], cursorOf: (item: Item) => number): CursorPage<Item> {
  const first = items[0];
  const last = items[items.length - 1];
  if (first === undefined || last === undefined) return { items };
  return { items, before: String(cursorOf(first)), after: String(cursorOf(last)) };
}

/** Index of the first item whose cursor is greater than `cursor`. */
function firstAbove<Item>(
  ascending: readonly Item[],
  cursorOf: (item: Item) => number,
  cursor: number,
): number {
  let low = 0;
  let high = ascending.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cursorOf(ascending[middle] as Item) <= cursor) low = middle + 1;
    else high = middle;
  }
  return low;
}
