import { describe, expect, it } from 'vitest';
import { clientOrderId, prefetchedRandomClientOrderIds } from './ids.js';

const nextTask = () => new Promise((resolve) => setImmediate(resolve));

describe('prefetchedRandomClientOrderIds', () => {
  it('gives distinct UUIDs, taken one per task or several in one task', async () => {
    const next = prefetchedRandomClientOrderIds();
    const ids = [next()];
    for (let task = 0; task < 5; task += 1) {
      await nextTask();
      ids.push(next());
    }
    ids.push(next(), next(), next());
    await nextTask();
    ids.push(next());
    for (const id of ids) expect(clientOrderId(id)).toBe(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws one id for each generator: two runtimes never share one', async () => {
    const first = prefetchedRandomClientOrderIds();
    const second = prefetchedRandomClientOrderIds();
    first();
    second();
    await nextTask();
    expect(first()).not.toBe(second());
  });
});
