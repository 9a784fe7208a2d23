import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalError, JournalLockedError } from '../errors.js';
import { ExactDecimal } from '../model/decimal.js';
import type { ClientOrderId, OrderId, ProductId } from '../model/ids.js';
import type { OrderRequest } from '../model/order.js';
import type { Fill } from '../model/reports.js';
import { FileJournal, fillToJournal, MemoryJournal, requestToJournal } from './journal.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});
function journalPath(): string {
  const directory = mkdtempSync(join(tmpdir(), 'tradeloop-journal-'));
  directories.push(directory);
  return join(directory, 'state', 'bot.journal');
}

const clientOrderId = '00000000-0000-4000-8000-000000000001' as ClientOrderId;
const request: OrderRequest = {
  clientOrderId,
  productId: 'BTC-USD' as ProductId,
  side: 'buy',
  type: 'limit',
  size: new ExactDecimal('0.00150000'),
  price: new ExactDecimal('64321.12'),
  postOnly: true,
};
const fill: Fill = {
  tradeId: '42',
  productId: 'BTC-USD' as ProductId,
  orderId: 'venue-1' as OrderId,
  clientOrderId,
  side: 'buy',
  price: new ExactDecimal('64321.12'),
  size: new ExactDecimal('0.001'),
  fee: new ExactDecimal('0.2572844800000000'),
  liquidity: 'maker',
  time: 1_700_000_000_123,
  source: 'feed',
};

describe('FileJournal', () => {
  it('appends one line per record and replays orders, ids, fills, final statuses and cursors', () => {
    const path = journalPath();
    const { journal, replay: empty } = FileJournal.open(path, { fsync: true });
    expect(empty.records).toBe(0);
    journal.append({ kind: 'order', at: 1, origin: 'strategy', request: requestToJournal(request) });
    journal.append({ kind: 'order-id', at: 2, clientOrderId, orderId: 'venue-1' });
    journal.append({ kind: 'fill', at: 3, clientOrderId, fill: fillToJournal(fill) });
    journal.append({ kind: 'status', at: 4, clientOrderId, status: 'canceled' });
    journal.append({ kind: 'fill-cursor', at: 5, productId: 'BTC-USD', cursor: '42' });
    journal.close();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(6);

    const { journal: reopened, replay } = FileJournal.open(path);
    reopened.close();
    expect(replay.records).toBe(5);
    expect(replay.repairedTornTail).toBe(false);
    const order = replay.orders.get(clientOrderId);
    expect(order?.orderId).toBe('venue-1');
    expect(order?.finalStatus).toEqual({ status: 'canceled' });
    expect(order?.request.price?.toFixed()).toBe('64321.12');
    expect(order?.request.size?.toFixed()).toBe('0.0015');
    expect(order?.request.postOnly).toBe(true);
    expect(order?.fills[0]?.fee.toFixed()).toBe('0.25728448');
    expect(order?.fills[0]?.time).toBe(1_700_000_000_123);
    expect(replay.fillCursors.get('BTC-USD' as ProductId)).toBe('42');
  });

  it('reads a fill cursor journaled as a numeric trade id (older journals) as an opaque cursor', () => {
    const path = journalPath();
    FileJournal.open(path).journal.close();
    writeFileSync(
      path,
      `${JSON.stringify({ kind: 'fill-cursor', at: 5, productId: 'BTC-USD', tradeId: 42 })}\n`,
    );
    const { journal, replay } = FileJournal.open(path);
    journal.close();
    expect(replay.fillCursors.get('BTC-USD' as ProductId)).toBe('42');
  });

  it('replays a fill journaled with a numeric trade id (older journals) with the id as a string', () => {
    const path = journalPath();
    FileJournal.open(path).journal.close();
    const legacyFill = { ...fillToJournal(fill), tradeId: 42 };
    writeFileSync(
      path,
      [
        JSON.stringify({ kind: 'order', at: 1, origin: 'strategy', request: requestToJournal(request) }),
        JSON.stringify({ kind: 'fill', at: 3, clientOrderId, fill: legacyFill }),
        '',
      ].join('\n'),
    );
    const { journal, replay } = FileJournal.open(path);
    journal.close();
    const fills = replay.orders.get(clientOrderId)?.fills;
    expect(fills?.map((replayed) => replayed.tradeId)).toEqual(['42']);
  });

  it('drops a line cut short by a crash, atomically, and keeps appending after it', () => {
    const path = journalPath();
    const { journal } = FileJournal.open(path);
    journal.append({ kind: 'order', at: 1, origin: 'strategy', request: requestToJournal(request) });
    journal.close();
    appendFileSync(path, '{"kind":"order-id","at":2,"clientOrd'); // the process died mid-write
    const { journal: reopened, replay } = FileJournal.open(path);
    expect(replay.repairedTornTail).toBe(true);
    expect(replay.orders.get(clientOrderId)?.orderId).toBeUndefined();
    reopened.append({ kind: 'order-id', at: 3, clientOrderId, orderId: 'venue-9' });
    reopened.close();
    const { journal: third, replay: again } = FileJournal.open(path);
    third.close();
    expect(again.orders.get(clientOrderId)?.orderId).toBe('venue-9');
    expect(again.repairedTornTail).toBe(false);
  });

  it('refuses a journal corrupted anywhere but at its end, naming the line', () => {
    const path = journalPath();
    FileJournal.open(path).journal.close();
    writeFileSync(path, `{"kind":"order-id","at":1,"clientOrderId":"a","orderId":"b"}\nnot json\n{}\n`);
    expect(() => FileJournal.open(path)).toThrow(JournalError);
    expect(() => FileJournal.open(path)).toThrow(/line 2, the line is corrupt/);
  });

  it('under a full disk (ulimit -f in a child process) writes every byte of a record or none of it', () => {
    const path = journalPath();
    FileJournal.open(path).journal.close();
    const fixture = fileURLToPath(new URL('./__fixtures__/append-until-full.ts', import.meta.url));
    // `ulimit -f 4`: the file may not grow past 4096 bytes; the write that crosses it comes back short.
    const child = spawnSync(
      'bash',
      ['-c', 'ulimit -f 4 && exec "$0" --import tsx "$1" "$2"', process.execPath, fixture, path],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    const outcome = JSON.parse(child.stdout) as {
      acknowledged: number;
      firstError: string | undefined;
      sizeAfterFailure: number;
      appendAfterFailure: string;
    };
    expect(outcome.firstError).toMatch(/could not append a record/);
    expect(outcome.appendAfterFailure).toBe('refused');
    // The cut record was taken back: the file ends with the last acknowledged line.
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(outcome.sizeAfterFailure).toBe(statSync(path).size);
    const { journal, replay } = FileJournal.open(path);
    journal.close();
    expect(replay.repairedTornTail).toBe(false);
    expect(replay.records).toBe(outcome.acknowledged);
    expect(outcome.acknowledged).toBeGreaterThan(5);
  });

  it('passes every line through the redact option before writing it', () => {
    const path = journalPath();
    const { journal } = FileJournal.open(path, {
      redact: (line) => line.replaceAll('hunter2', '[redacted]'),
    });
    journal.append({ kind: 'status', at: 1, clientOrderId, status: 'rejected', reason: 'echo: hunter2' });
    journal.close();
    expect(readFileSync(path, 'utf8')).not.toContain('hunter2');
    const { journal: reopened, replay } = FileJournal.open(path);
    reopened.close();
    expect(replay.records).toBe(1);
  });

  it.each([
    ['null', 'null', 'expected a JSON object, received null'],
    [
      'an order without its request',
      '{"kind":"order","at":1,"origin":"strategy","request":null}',
      '"request"',
    ],
    [
      'a fill that is not an object',
      `{"kind":"fill","at":1,"clientOrderId":"${clientOrderId}","fill":null}`,
      '"fill"',
    ],
    [
      'a fill without a trade id',
      JSON.stringify({ kind: 'fill', at: 1, clientOrderId, fill: { ...fillToJournal(fill), tradeId: null } }),
      '"fill.tradeId" to be a string',
    ],
    ['an unknown kind', '{"kind":"surprise","at":1}', '"kind"'],
    [
      'a status that is not one',
      `{"kind":"status","at":1,"clientOrderId":"${clientOrderId}","status":"lost"}`,
      '"status"',
    ],
  ])('refuses a well-formed line of the wrong shape (%s), naming the line', (_case, line, expected) => {
    const path = journalPath();
    FileJournal.open(path).journal.close();
    writeFileSync(
      path,
      `${JSON.stringify({ kind: 'order', at: 1, origin: 'strategy', request: requestToJournal(request) })}\n${line}\n`,
    );
    let caught: unknown;
    try {
      FileJournal.open(path);
    } catch (error) {
      caught = error;
    }
    expect(JournalError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toContain('line 2 is not a journal record');
    expect((caught as Error).message).toContain(expected);
    // The refusal released the lock: a repaired journal opens.
    writeFileSync(path, '');
    FileJournal.open(path).journal.close();
  });

  it('replays the same records whatever the durability, and closes with a flush still pending', async () => {
    for (const durability of ['overlapped', 'synchronous', 'os'] as const) {
      const path = journalPath();
      const { journal, replay: empty } = FileJournal.open(path, { durability });
      expect(empty.uncleanStop).toBe(false);
      journal.append({ kind: 'order', at: 1, origin: 'strategy', request: requestToJournal(request) });
      // Readable by another reader at once: the record reached the OS before append returned.
      expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(2);
      await new Promise((resolve) => setImmediate(resolve));
      journal.append({ kind: 'order-id', at: 2, clientOrderId, orderId: 'venue-1' });
      journal.append({ kind: 'status', at: 3, clientOrderId, status: 'canceled' });
      // Closed while the overlapped flush of the last two records has not even started.
      journal.close();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const { journal: reopened, replay } = FileJournal.open(path, { durability });
      reopened.close();
      expect(replay.records).toBe(3);
      expect(replay.uncleanStop).toBe(false);
      expect(replay.orders.get(clientOrderId)?.finalStatus).toEqual({ status: 'canceled' });
    }
  });

  it('appendThen runs the send after the record is in the file, and not at all when the append fails', () => {
    const path = journalPath();
    const { journal } = FileJournal.open(path);
    const record = {
      kind: 'order' as const,
      at: 1,
      origin: 'strategy' as const,
      request: requestToJournal(request),
    };
    let seenBySend = '';
    journal.appendThen(record, () => {
      seenBySend = readFileSync(path, 'utf8');
    });
    expect(seenBySend).toBe(`${JSON.stringify(record)}\n`);
    journal.close();
    let sent = false;
    expect(() =>
      journal.appendThen(record, () => {
        sent = true;
      }),
    ).toThrow(JournalError);
    expect(sent).toBe(false);
  });

  it('refuses to append once closed', () => {
    const { journal } = FileJournal.open(journalPath());
    journal.close();
    expect(() => journal.append({ kind: 'status', at: 1, clientOrderId, status: 'filled' })).toThrow(
      /it is closed/,
    );
  });
});

describe('FileJournal lock', () => {
  const packageDirectory = fileURLToPath(new URL('../..', import.meta.url));
  /** A second process holding the journal (see the fixture for `mode`). */
  const spawnHolder = (path: string, ...mode: string[]) =>
    spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./__fixtures__/hold-journal.ts', import.meta.url)),
        path,
        ...mode,
      ],
      { cwd: packageDirectory, stdio: ['ignore', 'pipe', 'inherit'] },
    );
  const holding = (holder: ReturnType<typeof spawnHolder>) =>
    new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('holding')) resolve();
      });
      holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    });

  it('refuses a second opening while the first is open, and allows it after close', () => {
    const path = journalPath();
    const { journal } = FileJournal.open(path);
    let caught: unknown;
    try {
      FileJournal.open(path);
    } catch (error) {
      caught = error;
    }
    expect(JournalLockedError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toContain(path);
    expect((caught as Error).message).toContain(`pid ${process.pid}`);
    journal.close();
    FileJournal.open(path).journal.close();
  });

  it('takes over a lock left with this very pid by a dead predecessor (pid reuse), or a garbled one', () => {
    const path = journalPath();
    FileJournal.open(path).journal.close();
    for (const content of [`${process.pid}\n`, 'not a pid']) {
      writeFileSync(`${path}.lock`, content);
      const { journal } = FileJournal.open(path);
      expect(readFileSync(`${path}.lock`, 'utf8')).toBe(`${process.pid}\n`);
      journal.close();
    }
  });

  it('refuses a journal another process holds, naming its pid, and takes over once that process is killed', async () => {
    const path = journalPath();
    const holder = spawnHolder(path);
    try {
      await holding(holder);
      expect(() => FileJournal.open(path)).toThrow(
        new RegExp(
          `journal ${path.replaceAll('/', '\\/')} is in use by another running process \\(pid ${holder.pid}\\)`,
        ),
      );
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('close', resolve));
    }
    // kill -9 left the lock file behind; its pid is gone, so the lock is stale and taken over.
    const { journal, replay } = FileJournal.open(path);
    journal.close();
    expect(replay.records).toBe(0);
    expect(replay.uncleanStop).toBe(true);
    // That open closed cleanly: the next one sees a clean stop.
    const again = FileJournal.open(path);
    again.journal.close();
    expect(again.replay.uncleanStop).toBe(false);
  }, 60_000);

  it('has handed a record to the OS when append returns: a kill -9 before its flush loses nothing', async () => {
    const path = journalPath();
    const holder = spawnHolder(path, 'append-then-spin');
    try {
      await holding(holder);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('close', resolve));
    }
    const { journal, replay } = FileJournal.open(path);
    journal.close();
    expect(replay.records).toBe(1);
    expect(replay.uncleanStop).toBe(true);
  }, 60_000);
});

describe('MemoryJournal', () => {
  it('replays like a file', () => {
    const journal = new MemoryJournal();
    journal.append({ kind: 'order', at: 1, origin: 'adopted', request: requestToJournal(request) });
    journal.append({ kind: 'status', at: 2, clientOrderId, status: 'rejected', reason: 'not_found' });
    const replay = journal.replay();
    expect(replay.orders.get(clientOrderId)?.origin).toBe('adopted');
    expect(replay.orders.get(clientOrderId)?.finalStatus).toEqual({
      status: 'rejected',
      reason: 'not_found',
    });
  });
});
