import { describe, expect, it } from 'vitest';
import { BookSnapshotError, type WebSocketError } from '../errors.js';
import type { FullChannelMessage } from '../messages.js';
import type { BookStaleReason } from './book-types.js';
import type { Level3Snapshot } from './level3-book.js';
import { Level3Sync } from './level3-sync.js';

function open(sequence: number, orderId: string, price = '100'): FullChannelMessage {
  return {
    type: 'open',
    product_id: 'BTC-USD',
    time: 't',
    sequence,
    order_id: orderId,
    side: 'buy',
    price,
    remaining_size: '1',
  };
}

/** A snapshot source the test answers by hand, to order events exactly. */
function manualSource() {
  const requests: Array<{ resolve: (snapshot: Level3Snapshot) => void; reject: (error: Error) => void }> = [];
  const source = (productId: string) => {
    expect(productId).toBe('BTC-USD');
    return new Promise<Level3Snapshot>((resolve, reject) => requests.push({ resolve, reject }));
  };
  return { source, requests };
}

function recorder() {
  const events: Array<[string, unknown]> = [];
  return {
    events,
    listener: {
      stale: (_: string, reason: BookStaleReason) => events.push(['stale', reason]),
      synced: (_: string, sequence: number) => events.push(['synced', sequence]),
      error: (error: WebSocketError) => events.push(['error', error.code]),
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('Level3Sync', () => {
  it('buffers, loads the snapshot, drops what it holds and applies the rest', async () => {
    const { source, requests } = manualSource();
    const { events, listener } = recorder();
    const sync = new Level3Sync('BTC-USD', source, listener);
    sync.handle(open(10, 'a'));
    expect(requests).toHaveLength(0); // waits for the subscription to be confirmed
    sync.subscribed();
    sync.handle(open(11, 'b'));
    sync.handle(open(12, 'c'));
    expect(sync.buffered).toBe(3);
    requests[0]?.resolve({
      sequence: 11,
      bids: [
        ['100', '1', 'a'],
        ['100', '1', 'b'],
      ],
      asks: [],
    });
    await flush();
    expect(sync.state).toBe('live');
    expect(sync.book.sequence).toBe(12);
    expect(sync.book.orders().bids.map((order) => order.orderId)).toEqual(['a', 'b', 'c']);
    sync.handle(open(13, 'd'));
    expect(sync.book.orderCount).toBe(4);
    expect(events).toEqual([['synced', 12]]);
  });

  it('on a gap marks the book stale and REPLACES it with a new snapshot', async () => {
    const { source, requests } = manualSource();
    const { events, listener } = recorder();
    const sync = new Level3Sync('BTC-USD', source, listener);
    sync.subscribed();
    requests[0]?.resolve({ sequence: 5, bids: [['100', '1', 'old']], asks: [] });
    await flush();
    sync.handle(open(6, 'x'));
    sync.handle(open(8, 'after-gap'));
    expect(sync.book.trusted).toBe(false);
    expect(sync.book.staleReason).toBe('gap');
    expect(requests).toHaveLength(2);
    sync.handle(open(9, 'later'));
    // The new snapshot no longer has "old" or "x": nothing of the previous book may survive.
    requests[1]?.resolve({ sequence: 8, bids: [['100', '1', 'after-gap']], asks: [] });
    await flush();
    expect(sync.book.orders().bids.map((order) => order.orderId)).toEqual(['after-gap', 'later']);
    expect(sync.book.sequence).toBe(9);
    expect(sync.resyncs).toBe(1);
    expect(events).toEqual([
      ['synced', 5],
      ['stale', 'gap'],
      ['synced', 9],
    ]);
  });

  it('fetches again when the snapshot is older than the oldest buffered message', async () => {
    const { source, requests } = manualSource();
    const { listener } = recorder();
    const sync = new Level3Sync('BTC-USD', source, listener, { retryDelayMs: 1 });
    sync.subscribed();
    sync.handle(open(20, 'a'));
    requests[0]?.resolve({ sequence: 10, bids: [], asks: [] }); // 11..19 unknown
    await flush();
    expect(sync.state).toBe('syncing');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toHaveLength(2);
    requests[1]?.resolve({ sequence: 19, bids: [], asks: [] });
    await flush();
    expect(sync.state).toBe('live');
    expect(sync.book.order('a')).toBeDefined();
  });

  it('reports a failed snapshot and retries', async () => {
    const { source, requests } = manualSource();
    const { events, listener } = recorder();
    const sync = new Level3Sync('BTC-USD', source, listener, { retryDelayMs: 1 });
    sync.subscribed();
    requests[0]?.reject(new Error('503'));
    await flush();
    expect(events).toEqual([
      ['error', new BookSnapshotError('BTC-USD').code],
      ['stale', 'snapshot-failed'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    requests[1]?.resolve({ sequence: 1, bids: [], asks: [] });
    await flush();
    expect(sync.state).toBe('live');
  });

  it('keeps its buffer bounded and says so', async () => {
    const { source, requests } = manualSource();
    const { events, listener } = recorder();
    const sync = new Level3Sync('BTC-USD', source, listener, { maxBufferedMessages: 10 });
    sync.subscribed();
    for (let sequence = 1; sequence <= 1_000; sequence += 1) sync.handle(open(sequence, `o${sequence}`));
    expect(sync.buffered).toBe(10);
    expect(events).toEqual([['stale', 'buffer-overflow']]);
    requests[0]?.resolve({ sequence: 995, bids: [], asks: [] });
    await flush();
    expect(sync.book.orderCount).toBe(5);
    expect(sync.book.sequence).toBe(1_000);
  });

  it('resyncs when a heartbeat shows messages beyond the book', async () => {
    const { source, requests } = manualSource();
    const { listener } = recorder();
    const sync = new Level3Sync('BTC-USD', source, listener);
    sync.subscribed();
    requests[0]?.resolve({ sequence: 3, bids: [], asks: [] });
    await flush();
    sync.heartbeat(3);
    expect(sync.state).toBe('live');
    sync.heartbeat(4);
    expect(sync.book.staleReason).toBe('gap');
    expect(requests).toHaveLength(2);
  });

  it('ignores a snapshot from an abandoned attempt (interrupted by a reconnect)', async () => {
    const { source, requests } = manualSource();
    const { events, listener } = recorder();
    const sync = new Level3Sync('BTC-USD', source, listener);
    sync.subscribed();
    sync.interrupt('reconnect');
    requests[0]?.resolve({ sequence: 3, bids: [], asks: [] });
    await flush();
    expect(sync.state).toBe('waiting');
    expect(sync.book.trusted).toBe(false);
    sync.subscribed();
    requests[1]?.resolve({ sequence: 7, bids: [], asks: [] });
    await flush();
    expect(sync.book.sequence).toBe(7);
    expect(events).toEqual([
      ['stale', 'reconnect'],
      ['synced', 7],
    ]);
  });
});
