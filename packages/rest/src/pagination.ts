import type { CallOptions } from './types/common.js';

/** Cursor arguments of a single-page call. Cursors are opaque strings from `CB-BEFORE` / `CB-AFTER`. */
export interface PageRequest {
  /** Newer items than this cursor. */
  before?: string;
  /** Older items than this cursor. */
  after?: string;
  /** Items per page, 1–1000 (Coinbase's default is 100). */
  limit?: number;
}

/** One page of a list endpoint, newest first, with both cursors for moving on. */
export interface Page<T> {
  items: T[];
  /** `CB-BEFORE`: pass as `before` for the newer page. */
  before?: string;
  /** `CB-AFTER`: pass as `after` for the older page. */
  after?: string;
}

/** Options of the `iterate*` methods, which walk `CB-AFTER` from newest to oldest. */
export interface IterateOptions extends CallOptions {
  /** Items per request, 1–1000. Default 100. */
  pageSize?: number;
  /** Start below this cursor instead of at the newest item. */
  after?: string;
  /** Stop after this many items. */
  maxItems?: number;
}

/** Fetches the page below `after` (or the newest page when `after` is undefined). */
export type PageFetcher<T> = (after: string | undefined, limit: number) => Promise<Page<T>>;

/** Default items per request for iterators. */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Walks the `CB-AFTER` cursor until a page comes back empty or without a cursor. A short page is
 * not taken as the end, because a server may cap `limit` below what was asked; a cursor that
 * repeats ends the walk instead of looping forever.
 */
export async function* paginate<T>(
  fetchPage: PageFetcher<T>,
  options: IterateOptions = {},
): AsyncGenerator<T> {
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  let after = options.after;
  let yielded = 0;
  while (yielded < maxItems) {
    const page = await fetchPage(after, limit);
    for (const item of page.items) {
      yield item;
      yielded += 1;
      if (yielded >= maxItems) return;
    }
    if (page.items.length === 0 || page.after === undefined || page.after === after) return;
    after = page.after;
  }
}
