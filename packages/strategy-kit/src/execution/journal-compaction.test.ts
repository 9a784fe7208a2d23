import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ExactDecimal } from '../model/decimal.js';
import type { ClientOrderId, OrderId, ProductId } from '../model/ids.js';
import type { OrderStatus } from '../model/order-state.js';
import { FileJournal, fillToJournal, MemoryJournal, requestToJournal } from './journal.js';
import {
  type CompactionStep,
  compactedRecords,
  compactionTemporaryPath,
  replayedPositions,
} from './journal-compaction.js';
import type { JournalRecord, JournalReplay } from './journal-records.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});
function journalPath(): string {
  const directory = mkdtempSync(join(tmpdir(), 'tradeloop-compaction-'));
  directories.push(directory);
  return join(directory, 'bot.journal');
}

const products = ['BTC-USD', 'ETH-USD'] as const;

/**
 * A bot's history: orders on two products placed, acknowledged, partly or wholly filled (buys and
 * sells, so positions cross zero and realize PnL), canceled or rejected; some still working; fill
 * cursors moved now and then; a fill after the last cursor; one order revived after `rejected`.
 */
function history(orders: number): JournalRecord[] {
  const records: JournalRecord[] = [];
  let at = 1_700_000_000_000;
  let trade = 0;
  const tick = () => {
    at += 1;
    return at;
  };
  for (let index = 0; index < orders; index += 1) {
    const productId = products[index % 2] as string;
    const clientOrderId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    const side = index % 3 === 0 ? 'sell' : 'buy';
    const size = `0.00${(index % 9) + 1}`;
    const price = `${1000 + (index % 17)}.${index % 100}`;
    records.push({
      kind: 'order',
      at: tick(),
      origin: 'strategy',
      request: requestToJournal({
        clientOrderId: clientOrderId as ClientOrderId,
        productId: productId as ProductId,
        side,
        type: 'limit',
        size: new ExactDecimal(size),
        price: new ExactDecimal(price),
        postOnly: true,
      }),
    });
    if (index % 11 === 5) {
      records.push({ kind: 'status', at: tick(), clientOrderId, status: 'rejected', reason: 'post only' });
      continue;
    }
    const orderId = `venue-${index}`;
    records.push({ kind: 'order-id', at: tick(), clientOrderId, orderId });
    const fills = index % 4 === 0 ? 2 : index % 4 === 1 ? 1 : 0;
    for (let part = 0; part < fills; part += 1) {
      trade += 1;
      records.push({
        kind: 'fill',
        at: tick(),
        clientOrderId,
        fill: fillToJournal({
          tradeId: `trade-${trade}`,
          productId: productId as ProductId,
          orderId: orderId as OrderId,
          clientOrderId: clientOrderId as ClientOrderId,
          side,
          price: new ExactDecimal(price),
          size: new ExactDecimal(size).div(fills === 2 ? 2 : 3),
          fee: new ExactDecimal('0.0123'),
          liquidity: 'maker',
          time: at,
          source: 'feed',
        }),
      });
    }
    const status: OrderStatus | undefined =
      fills === 2
        ? 'filled'
        : index % 7 === 3 && index >= orders - 70
          ? undefined
          : index % 97 === 2
            ? 'filled'
            : 'canceled';
    if (status !== undefined && index < orders - 3)
      records.push({ kind: 'status', at: tick(), clientOrderId, status });
    if (index % 10 >= 8)
      records.push({ kind: 'fill-cursor', at: tick(), productId, cursor: `cursor-${trade}` });
    if (index === 17)
      records.push({
        kind: 'status',
        at: tick(),
        clientOrderId: clientOrderId.replace(/17$/, '05'),
        status: 'submitted',
      });
  }
  return records;
}

/** Everything a restart rebuilds from a replay, in comparable form. */
function restartState(replay: Pick<JournalReplay, 'orders' | 'positions' | 'fillCursors'>) {
  const tracked = [...replay.orders.values()]
    .filter((order) => order.finalStatus === undefined || order.finalStatus.status === 'submitted')
    .map((order) => ({
      request: requestToJournal(order.request),
      origin: order.origin,
      createdAt: order.createdAt,
      orderId: order.orderId,
      fills: order.fills.map(fillToJournal),
    }))
    // Compaction may list the orders in another order (those with fills past a cursor last).
    .sort((left, right) => left.request.clientOrderId.localeCompare(right.request.clientOrderId));
  const positions = replayedPositions(replay)
    .all()
    .map((position) => {
      const carried = position.carried();
      return {
        productId: carried.productId,
        size: carried.size.toFixed(),
        costBasis: carried.costBasis.toFixed(),
        realizedPnl: carried.realizedPnl.toFixed(),
        fees: carried.fees.toFixed(),
        quoteFlow: carried.quoteFlow.toFixed(),
      };
    })
    .sort((a, b) => a.productId.localeCompare(b.productId));
  return { tracked, positions, fillCursors: Object.fromEntries(replay.fillCursors) };
}

function replayOf(records: readonly JournalRecord[]): JournalReplay {
  const memory = new MemoryJournal();
  for (const record of records) memory.append(record);
  return memory.replay();
}

describe('compactedRecords', () => {
  it('keeps working orders, cursors and positions, drops finished orders, and replays to the same state', () => {
    const records = history(403);
    const compacted = compactedRecords(records);
    const before = replayOf(records);
    const after = replayOf(compacted);
    expect(restartState(after)).toEqual(restartState(before));
    expect(compacted.length).toBeLessThan(records.length / 4);
    // Every order it kept is the same order as before (ids, fills, final status).
    for (const [clientOrderId, order] of after.orders) {
      const original = before.orders.get(clientOrderId);
      expect(original?.orderId).toBe(order.orderId);
      expect(original?.finalStatus).toEqual(order.finalStatus);
      expect(original?.fills.map(fillToJournal)).toEqual(order.fills.map(fillToJournal));
    }
    // The revived order is tracked again, and so are orders filled after their product's last cursor.
    expect(after.orders.has('00000000-0000-4000-8000-000000000005' as ClientOrderId)).toBe(true);
    const lastCursorIndex = records.findLastIndex((record) => record.kind === 'fill-cursor');
    const filledSinceCursor = records
      .slice(lastCursorIndex + 1)
      .filter((record) => record.kind === 'fill')
      .map((record) => record.clientOrderId);
    expect(filledSinceCursor.length).toBeGreaterThan(0);
    for (const id of filledSinceCursor) expect(after.orders.has(id as ClientOrderId)).toBe(true);
  });

  it('compacts a compacted journal with new records to the same state as the whole history', () => {
    const records = history(600);
    const first = compactedRecords(records.slice(0, 1500));
    // Compacting again with nothing new changes nothing (orders filled past a cursor stay past it).
    expect(compactedRecords(first)).toEqual(first);
    const again = compactedRecords([...first, ...records.slice(1500)]);
    expect(restartState(replayOf(again)).positions).toEqual(restartState(replayOf(records)).positions);
    expect(restartState(replayOf(again)).tracked).toEqual(restartState(replayOf(records)).tracked);
  });

  it('replays a position record: the fills before it are counted once', () => {
    const records = history(40);
    const compacted = compactedRecords(records);
    const replay = replayOf(compacted);
    expect(replay.positions.size).toBe(2);
    const kept = [...replay.orders.values()];
    expect(kept.some((order) => order.fills.length > 0)).toBe(true);
    for (const order of kept) expect(order.fillsCounted).toBe(order.fills.length);
  });
});

describe('FileJournal compaction', () => {
  it('compacts past its size bound while appending: the file stays bounded and replays to the whole history', () => {
    const path = journalPath();
    const records = history(3000);
    const { journal } = FileJournal.open(path, { fsync: false, compaction: { aboveBytes: 64 * 1024 } });
    let largest = 0;
    for (const record of records) {
      journal.append(record);
      largest = Math.max(largest, statSync(path).size);
    }
    journal.close();
    const whole = records.reduce((bytes, record) => bytes + JSON.stringify(record).length + 1, 0);
    expect(whole).toBeGreaterThan(8 * 64 * 1024);
    expect(largest).toBeLessThan(2 * 64 * 1024);
    const { journal: reopened, replay } = FileJournal.open(path, { compaction: false });
    reopened.close();
    expect(restartState(replay)).toEqual(restartState(replayOf(records)));
  });

  it('compacts at open, hands back the whole replay, and removes what a cut-short compaction left', () => {
    const path = journalPath();
    writeFileSync(path, serialized(history(300)));
    writeFileSync(compactionTemporaryPath(path), '{"kind":"order"');
    const sizeBefore = statSync(path).size;
    const { journal, replay } = FileJournal.open(path);
    journal.close();
    expect(replay.orders.size).toBe(300);
    expect(statSync(path).size).toBeLessThan(sizeBefore / 4);
    expect(existsSync(compactionTemporaryPath(path))).toBe(false);
    const { journal: again, replay: compacted } = FileJournal.open(path, { compaction: false });
    again.close();
    expect(restartState(compacted)).toEqual(restartState(replay));
  });

  it('a compaction that fails (here its temporary file cannot be written) is reported, and the journal stays whole', () => {
    const path = journalPath();
    const records = history(300);
    writeFileSync(path, serialized(records));
    const sizeBefore = statSync(path).size;
    // A directory where the temporary file goes: opening it for writing fails (EISDIR), as a full disk would.
    mkdirSync(join(compactionTemporaryPath(path), 'blocker'), { recursive: true });
    const failures: string[] = [];
    const { journal } = FileJournal.open(path, {
      fsync: false,
      compaction: { aboveBytes: sizeBefore + 1, onFailed: (error) => failures.push(error.message) },
    });
    expect(failures).toHaveLength(1);
    expect(statSync(path).size).toBe(sizeBefore);
    // Once the file has doubled, an append tries again and fails the same way; every append succeeds.
    const appended: JournalRecord[] = [];
    for (let index = 0; failures.length < 2 && index < 10_000; index += 1) {
      const cursor: JournalRecord = {
        kind: 'fill-cursor',
        at: index,
        productId: 'BTC-USD',
        cursor: `after-${index}`,
      };
      journal.append(cursor);
      appended.push(cursor);
    }
    journal.close();
    expect(failures).toHaveLength(2);
    expect(failures[1]).toMatch(/could not compact the journal/);
    expect(statSync(path).size).toBeGreaterThan(2 * sizeBefore);
    const { journal: reopened, replay } = FileJournal.open(path, { compaction: false });
    reopened.close();
    expect(restartState(replay)).toEqual(restartState(replayOf([...records, ...appended])));
  });

  it('can be turned off', () => {
    const path = journalPath();
    writeFileSync(path, serialized(history(100)));
    const sizeBefore = statSync(path).size;
    const { journal } = FileJournal.open(path, { compaction: false });
    journal.close();
    expect(statSync(path).size).toBe(sizeBefore);
  });

  const steps: CompactionStep[] = [
    'temporary-half-written',
    'temporary-written',
    'temporary-synced',
    'renamed',
    'directory-synced',
  ];
  const fixture = fileURLToPath(new URL('./__fixtures__/compact-and-die.ts', import.meta.url));
  const cases = [
    ...steps.map((step) => [step, 'open'] as const),
    ['temporary-written', 'append'] as const,
    ['renamed', 'append'] as const,
  ];
  it.each(cases)(
    'a process killed right after %s (compacting at %s) leaves a journal that replays to the same state',
    (step, when) => {
      const original = journalPath();
      const all = history(300);
      writeFileSync(original, serialized(all));
      const path = `${original}.crash`;
      copyFileSync(original, path);
      const child = spawnSync(process.execPath, ['--import', 'tsx', fixture, path, step, when], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(child.signal, child.stderr).toBe('SIGKILL');
      expect(child.stdout).not.toContain('survived');
      const { journal, replay } = FileJournal.open(path, { compaction: false });
      journal.close();
      // The fixture's append (a cursor record) went to the old journal or the new one before the kill.
      const appended: JournalRecord[] =
        when === 'append'
          ? [{ kind: 'fill-cursor', at: 1, productId: 'BTC-USD', cursor: 'cursor-after-append' }]
          : [];
      const expected = restartState(replayOf([...all, ...appended]));
      expect(restartState(replay)).toEqual(expected);
      // And the next open compacts it (again) to the same state.
      const { journal: reopened } = FileJournal.open(path);
      reopened.close();
      const { journal: last, replay: compacted } = FileJournal.open(path, { compaction: false });
      last.close();
      expect(compacted.records).toBeLessThan(all.length / 4);
      expect(restartState(compacted)).toEqual(expected);
    },
    40_000,
  );
});

function serialized(list: readonly JournalRecord[]): string {
  return list.map((record) => `${JSON.stringify(record)}\n`).join('');
}
