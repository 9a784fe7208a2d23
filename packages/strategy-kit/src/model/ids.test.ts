import { describe, expect, it } from 'vitest';
import { clientOrderId, PrefetchedClientOrderIds } from './ids.js';

describe('PrefetchedClientOrderIds', () => {
  it('gives distinct UUIDs, refilled after each or taken several before a refill', () => {
    const ids = new PrefetchedClientOrderIds();
    const taken = [ids.take()];
    for (let order = 0; order < 5; order += 1) {
      ids.refill();
      taken.push(ids.take());
    }
    taken.push(ids.take(), ids.take(), ids.take());
    ids.refill();
    ids.refill();
    taken.push(ids.take(), ids.take());
    for (const id of taken) expect(clientOrderId(id)).toBe(id);
    expect(new Set(taken).size).toBe(taken.length);
  });

  it('draws for each instance: two runtimes never share an id', () => {
    const first = new PrefetchedClientOrderIds();
    const second = new PrefetchedClientOrderIds();
    expect(first.take()).not.toBe(second.take());
  });
});
