import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SignalStore } from './signal-store.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'signal-store-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '');

describe('SignalStore', () => {
  it('keeps the newest ids up to its bound, and rewrites the file when it holds twice that many lines', () => {
    const path = join(directory, 'signals.jsonl');
    const store = new SignalStore(path, 3);
    for (let index = 1; index <= 6; index += 1) store.add(`s-${index}`, index);
    expect(lines(path)).toHaveLength(6);
    expect(store.has('s-3')).toBe(false);
    expect(store.has('s-4')).toBe(true);
    store.add('s-7', 7); // the 7th line passes 2 × 3: compacted to the 3 kept ids
    expect(lines(path).map((line) => JSON.parse(line).id)).toEqual(['s-5', 's-6', 's-7']);
    store.updateFate({
      id: 's-7',
      status: 'completed',
      productId: 'BTC-USD',
      action: 'cancel_all',
      source: 'webhook',
      receivedAt: 7,
      updatedAt: 8,
      orders: [],
    });
    store.updateFate({ id: 's-1', status: 'filled' } as never); // forgotten: ignored
    store.close();

    const reopened = new SignalStore(path, 3);
    expect(['s-4', 's-5', 's-6', 's-7'].map((id) => reopened.has(id))).toEqual([false, true, true, true]);
    expect(reopened.get('s-7')?.fate?.status).toBe('completed');
    expect(reopened.get('s-1')).toBeUndefined();
    reopened.close();
  });

  it('keeps ids in memory only without a path', () => {
    const store = new SignalStore(undefined);
    store.add('a', 1);
    expect(store.has('a')).toBe(true);
    expect(new SignalStore(undefined).has('a')).toBe(false);
  });
});
