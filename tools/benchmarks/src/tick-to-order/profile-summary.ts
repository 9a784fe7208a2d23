/**
 * Reads a V8 `.cpuprofile` (from `BENCH_TICK_TO_ORDER_PROFILE`) and prints where the CPU time
 * went: self time by area (each tradeloop package, each dependency, Node's own code, garbage
 * collection, idle) and the functions with the most self time, per reaction when the number of
 * reactions in the window is given.
 *
 *   node --import tsx src/tick-to-order/profile-summary.ts <file.cpuprofile> [reactions]
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function's code lives: a tradeloop package, the bot, a dependency, Node, or V8's own buckets. */
export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native or V8 builtins)';
  const tradeloop = /\/packages\/([^/]+)\/(?:dist|src)\//.exec(url);
  if (tradeloop) return `@tradeloop/${tradeloop[1]}`;
  if (url.includes('/apps/example-bot/')) return 'example-bot';
  if (url.includes('/tools/benchmarks/')) return 'benchmark harness (reaction strategy, IPC)';
  const dependency = /\/node_modules\/\.pnpm\/(@?[^@/]+(?:\+[^@/]+)?)@/.exec(url);
  if (dependency) return dependency[1]!.replace('+', '/');
  if (url.startsWith('node:')) return 'node core';
  return url;
}

/** Self time (µs) per area and per function of a profile, largest first. */
export function summarize(profile: CpuProfile): {
  totalMicroseconds: number;
  areas: Array<[string, number]>;
  functions: Array<[string, number]>;
  /** Per function: its callers' chain (three frames up), by self time, largest first. */
  callers: Map<string, Array<[string, number]>>;
} {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const label = (frame: CallFrame) => {
    const where =
      frame.url === ''
        ? ''
        : ` (${frame.url.replace(/^.*\/(packages|apps|node_modules)\//, '$1/')}:${frame.lineNumber + 1})`;
    return `${frame.functionName || '(anonymous)'}${where}`;
  };
  const callerChains = new Map<string, Map<string, number>>();
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalMicroseconds = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    if (node === undefined || delta <= 0) return;
    totalMicroseconds += delta;
    const frame = node.callFrame;
    const area = areaOf(frame);
    areas.set(area, (areas.get(area) ?? 0) + delta);
    const name = label(frame);
    functions.set(name, (functions.get(name) ?? 0) + delta);
    const chain: string[] = [];
    for (let up = parentOf.get(id); up !== undefined && chain.length < 3; up = parentOf.get(up)) {
      const parent = byId.get(up);
      if (parent !== undefined) chain.push(label(parent.callFrame));
    }
    const chains = callerChains.get(name) ?? new Map<string, number>();
    const key = chain.join(' ← ');
    chains.set(key, (chains.get(key) ?? 0) + delta);
    callerChains.set(name, chains);
  });
  const sorted = (map: Map<string, number>) => [...map].sort((left, right) => right[1] - left[1]);
  const callers = new Map([...callerChains].map(([name, chains]) => [name, sorted(chains)]));
  return { totalMicroseconds, areas: sorted(areas), functions: sorted(functions), callers };
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const [file, reactionsText] = process.argv.slice(2);
  if (file === undefined) throw new Error('expected the path of a .cpuprofile file as the first argument');
  const reactions = reactionsText === undefined ? undefined : Number(reactionsText);
  const { totalMicroseconds, areas, functions, callers } = summarize(
    JSON.parse(readFileSync(file, 'utf8')) as CpuProfile,
  );
  const busy = totalMicroseconds - (areas.find(([area]) => area === '(idle)')?.[1] ?? 0);
  const per = (microseconds: number) =>
    reactions ? `${(microseconds / reactions).toFixed(0).padStart(6)} µs/reaction` : '';
  const share = (microseconds: number) => `${((100 * microseconds) / busy).toFixed(1).padStart(5)} %`;
  console.log(
    `window ${(totalMicroseconds / 1000).toFixed(0)} ms, busy ${(busy / 1000).toFixed(0)} ms ${per(busy)}`,
  );
  console.log('\nself time by area (share of busy time):');
  for (const [area, microseconds] of areas) {
    if (area === '(idle)') continue;
    console.log(`  ${share(microseconds)} ${per(microseconds)}  ${area}`);
  }
  console.log('\nfunctions with the most self time:');
  for (const [name, microseconds] of functions.slice(0, 40)) {
    if (name.startsWith('(idle)')) continue;
    console.log(`  ${share(microseconds)} ${per(microseconds)}  ${name}`);
  }
  console.log('\nwho calls the ten largest (three frames up):');
  for (const [name] of functions.filter(([name]) => !name.startsWith('(')).slice(0, 10)) {
    console.log(`  ${name}`);
    for (const [chain, microseconds] of (callers.get(name) ?? []).slice(0, 3))
      console.log(`    ${share(microseconds)} ${per(microseconds)}  ← ${chain}`);
  }
}
