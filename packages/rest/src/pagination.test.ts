import { describe, expect, it } from 'vitest';
import { type Page, paginate } from './pagination.js';

/** A list of ids 100..1 served newest first; cursor = the last id on the page, exclusive. */
function pagesOf(total: number, pageCap = Number.POSITIVE_INFINITY) {
  const requests: Array<{ after: string | undefined; limit: number }> = [];
  const fetchPage = async (after: string | undefined, limit: number): Promise<Page<number>> => {
    requests.push({ after, limit });
    const below = after === undefined ? total + 1 : Number(after);
    const size = Math.min(limit, pageCap);
    const items: number[] = [];
    for (let id = below - 1; id >= 1 && items.length < size; id -= 1) items.push(id);
    const page: Page<number> = { items };
    if (items.length > 0) {
      page.before = String(items[0]);
      page.after = String(items[items.length - 1]);
    }
    return page;
  };
  return { fetchPage, requests };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('paginate', () => {
  it('walks CB-AFTER across many pages until an empty page', async () => {
    const { fetchPage, requests } = pagesOf(250);
    const items = await collect(paginate(fetchPage, { pageSize: 100 }));
    expect(items).toEqual(Array.from({ length: 250 }, (_, index) => 250 - index));
    expect(requests.map((request) => request.after)).toEqual([undefined, '151', '51', '1']);
  });

  it('does not take a short page for the end (a server may cap the page size)', async () => {
    const { fetchPage } = pagesOf(120, 25);
    const items = await collect(paginate(fetchPage, { pageSize: 100 }));
    expect(items).toHaveLength(120);
  });

  it('starts below a given cursor and stops at maxItems without fetching more', async () => {
    const { fetchPage, requests } = pagesOf(1_000);
    const items = await collect(paginate(fetchPage, { pageSize: 10, after: '500', maxItems: 15 }));
    expect(items).toEqual(Array.from({ length: 15 }, (_, index) => 499 - index));
    expect(requests).toHaveLength(2);
  });

  it('stops when a page has no cursor or repeats the cursor', async () => {
    const noCursor = await collect(paginate(async () => ({ items: [1, 2] }), {}));
    expect(noCursor).toEqual([1, 2]);
    let calls = 0;
    const stuck = await collect(
      paginate(async () => {
        calls += 1;
        return { items: [7], after: 'same' };
      }, {}),
    );
    expect(stuck).toEqual([7, 7]);
    expect(calls).toBe(2);
  });

  it('fetches lazily: nothing before the first item is asked for', async () => {
    const { fetchPage, requests } = pagesOf(10);
    const iterator = paginate(fetchPage, {});
    expect(requests).toHaveLength(0);
    await iterator.next();
    expect(requests).toHaveLength(1);
  });
});
