/**
 * What grew between two heap snapshots: node counts and self sizes per constructor (V8 node name
 * for objects, the node type otherwise), largest growth first. Reads the `.heapsnapshot` JSON as
 * written by the inspector or `v8.writeHeapSnapshot`.
 *
 *   node --import tsx src/compare-snapshots.ts before.heapsnapshot after.heapsnapshot [rows]
 */
import { readFileSync } from 'node:fs';

interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Per constructor (or node type): how many nodes and how many bytes of their own. */
export type ConstructorTotals = Map<string, { count: number; selfBytes: number }>;

/** Counts the nodes of a parsed snapshot by constructor. */
export function totalsByConstructor(file: HeapSnapshotFile): ConstructorTotals {
  const fields = file.snapshot.meta.node_fields;
  const stride = fields.length;
  const typeIndex = fields.indexOf('type');
  const nameIndex = fields.indexOf('name');
  const sizeIndex = fields.indexOf('self_size');
  const types = file.snapshot.meta.node_types[0];
  const totals: ConstructorTotals = new Map();
  for (let offset = 0; offset < file.nodes.length; offset += stride) {
    const type = types[file.nodes[offset + typeIndex] ?? 0] ?? 'unknown';
    const key =
      type === 'object' || type === 'closure'
        ? `${type}:${file.strings[file.nodes[offset + nameIndex] ?? 0]}`
        : `(${type})`;
    const entry = totals.get(key) ?? { count: 0, selfBytes: 0 };
    entry.count += 1;
    entry.selfBytes += file.nodes[offset + sizeIndex] ?? 0;
    totals.set(key, entry);
  }
  return totals;
}

/** Rows of growth from `before` to `after`, largest self-size growth first. */
export function compareTotals(
  before: ConstructorTotals,
  after: ConstructorTotals,
): { name: string; countDelta: number; bytesDelta: number }[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .map((name) => ({
      name,
      countDelta: (after.get(name)?.count ?? 0) - (before.get(name)?.count ?? 0),
      bytesDelta: (after.get(name)?.selfBytes ?? 0) - (before.get(name)?.selfBytes ?? 0),
    }))
    .sort((left, right) => right.bytesDelta - left.bytesDelta);
}

if (process.argv[1]?.endsWith('compare-snapshots.ts')) {
  const [beforePath, afterPath, rows = '40'] = process.argv.slice(2);
  if (beforePath === undefined || afterPath === undefined) {
    console.error('usage: compare-snapshots.ts before.heapsnapshot after.heapsnapshot [rows]');
    process.exit(2);
  }
  const read = (path: string) =>
    totalsByConstructor(JSON.parse(readFileSync(path, 'utf8')) as HeapSnapshotFile);
  const rowsShown = compareTotals(read(beforePath), read(afterPath)).slice(0, Number(rows));
  console.log(`${'bytes Δ'.padStart(12)} ${'count Δ'.padStart(9)}  constructor`);
  for (const row of rowsShown) {
    console.log(`${String(row.bytesDelta).padStart(12)} ${String(row.countDelta).padStart(9)}  ${row.name}`);
  }
}
