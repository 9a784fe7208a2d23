/**
 * What holds what grew between two heap snapshots: every object is grouped by its constructor
 * and its owner: the first instance of a named class up its first-retainer path (up to `depth`
 * steps, weak edges skipped), with the field that holds the way down, in both snapshots; the
 * groups that grew most are printed. `compare-snapshots.ts` says which constructors grew; this
 * says which container keeps them. (Snapshot node ids are not comparable across the soak's two
 * snapshots, so groups are compared by count.)
 *
 *   node --import tsx src/retainer-growth.ts warmup.heapsnapshot end.heapsnapshot [rows] [depth] [only]
 *
 * `only` (a regular expression) keeps the objects whose label matches, e.g. `object:Decimal`.
 */
import { readFileSync } from 'node:fs';

interface HeapSnapshotFile {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const containers = new Set(['Object', 'Array', 'Map', 'Set', 'system / Context', 'WeakMap']);

/** Objects counted and sized by constructor and owner (see `key` below). */
export function retainerGroups(
  file: HeapSnapshotFile,
  depth: number,
  only?: RegExp,
): Map<string, { count: number; selfBytes: number }> {
  const {
    node_fields: nodeFields,
    node_types: nodeTypes,
    edge_fields: edgeFields,
    edge_types: edgeTypes,
  } = file.snapshot.meta;
  const stride = nodeFields.length;
  const edgeStride = edgeFields.length;
  const typeOf = nodeFields.indexOf('type');
  const nameOf = nodeFields.indexOf('name');
  const sizeOf = nodeFields.indexOf('self_size');
  const edgeCountOf = nodeFields.indexOf('edge_count');
  const edgeTypeOf = edgeFields.indexOf('type');
  const edgeNameOf = edgeFields.indexOf('name_or_index');
  const edgeToOf = edgeFields.indexOf('to_node');
  const nodeCount = file.nodes.length / stride;
  const retainers: number[][] = Array.from({ length: nodeCount }, () => []);
  const retainerEdge: string[][] = Array.from({ length: nodeCount }, () => []);
  let edge = 0;
  for (let node = 0; node < nodeCount; node += 1) {
    const edges = file.nodes[node * stride + edgeCountOf] ?? 0;
    for (let index = 0; index < edges; index += 1, edge += edgeStride) {
      const type = edgeTypes[0][file.edges[edge + edgeTypeOf] ?? 0];
      if (type === 'weak' || type === 'shortcut') continue;
      const target = (file.edges[edge + edgeToOf] ?? 0) / stride;
      const nameOrIndex = file.edges[edge + edgeNameOf] ?? 0;
      // Indices and numeric names are left out, so that the entries of one container group together.
      const name = type === 'element' || type === 'hidden' ? '[]' : (file.strings[nameOrIndex] ?? '?');
      const edgeName = /^\d+$/.test(name) ? '[]' : name;
      retainers[target]?.push(node);
      retainerEdge[target]?.push(edgeName);
    }
  }
  const label = (node: number) => {
    const type = nodeTypes[0][file.nodes[node * stride + typeOf] ?? 0] ?? '?';
    const name = file.strings[file.nodes[node * stride + nameOf] ?? 0] ?? '?';
    return type === 'object' || type === 'closure' ? `${type}:${name.slice(0, 60)}` : `(${type})`;
  };
  const groups = new Map<string, { count: number; selfBytes: number }>();
  for (let node = 0; node < nodeCount; node += 1) {
    if (only !== undefined && !only.test(label(node))) continue;
    // The object, and the first retainer up its path that is an instance of a named class (its
    // owner, e.g. `OrderRegistry.#finished`); plain objects, arrays, maps and contexts in between.
    let key = `${label(node)} ← ?`;
    let current = node;
    for (let step = 0; step < depth; step += 1) {
      const retainer = retainers[current]?.[0];
      if (retainer === undefined) break;
      const owner = label(retainer);
      if (owner.startsWith('object:') && !containers.has(owner.slice('object:'.length))) {
        key = `${label(node)} ← ${owner.slice('object:'.length)}.${retainerEdge[current]?.[0]}`;
        break;
      }
      current = retainer;
    }
    const group = groups.get(key) ?? { count: 0, selfBytes: 0 };
    group.count += 1;
    group.selfBytes += file.nodes[node * stride + sizeOf] ?? 0;
    groups.set(key, group);
  }
  return groups;
}

/** Groups that grew from `before` to `after`, most bytes first. */
export function grownGroups(
  before: Map<string, { count: number; selfBytes: number }>,
  after: Map<string, { count: number; selfBytes: number }>,
): { key: string; countDelta: number; bytesDelta: number }[] {
  return [...after.entries()]
    .map(([key, group]) => ({
      key,
      countDelta: group.count - (before.get(key)?.count ?? 0),
      bytesDelta: group.selfBytes - (before.get(key)?.selfBytes ?? 0),
    }))
    .concat(
      [...before.entries()]
        .filter(([key]) => !after.has(key))
        .map(([key, group]) => ({ key, countDelta: -group.count, bytesDelta: -group.selfBytes })),
    )
    .sort((left, right) => right.bytesDelta - left.bytesDelta);
}

if (process.argv[1]?.endsWith('retainer-growth.ts')) {
  const [beforePath, afterPath, rows = '40', depth = '6', only] = process.argv.slice(2);
  if (beforePath === undefined || afterPath === undefined) {
    console.error('usage: retainer-growth.ts before.heapsnapshot after.heapsnapshot [rows] [depth]');
    process.exit(2);
  }
  const groups = (path: string) =>
    retainerGroups(
      JSON.parse(readFileSync(path, 'utf8')) as HeapSnapshotFile,
      Number(depth),
      only === undefined ? undefined : new RegExp(only),
    );
  console.log(`${'bytes Δ'.padStart(10)} ${'count Δ'.padStart(8)}  object ← retainers`);
  for (const row of grownGroups(groups(beforePath), groups(afterPath)).slice(0, Number(rows)))
    console.log(`${String(row.bytesDelta).padStart(10)} ${String(row.countDelta).padStart(8)}  ${row.key}`);
}
