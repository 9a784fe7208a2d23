/**
 * Where a reaction's time goes between processes: reads the folder a tick-to-order run with
 * `BENCH_TICK_TO_ORDER_TRACE=<folder>` wrote (the suite's `parent.marks`: each measured trade's
 * publication and its order's arrival, and one `<client>.marks` per client from
 * reaction-trace-preload.mjs) and prints, per client, the median of each step on the one
 * machine-wide monotonic clock: publication → the client's socket reads the frame → its strategy's
 * onTrade (clients that have one) → `POST /orders` written → the simulator's `received`.
 *
 * `pnpm --filter @tradeloop-internal/benchmarks reaction:trace <folder>` (a diagnosis, not a row).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One measured reaction as the suite saw it: nanoseconds on `process.hrtime`. */
export interface TracedReaction {
  client: string;
  publishedAt: bigint;
  receivedAt: bigint;
}

/** The steps, in the order a reaction passes them. */
export const TRACE_STEPS = [
  ['published → frame read', 'published', 'frame-read'],
  ['frame read → onTrade', 'frame-read', 'onTrade'],
  ['onTrade → write starts', 'onTrade', 'write-start'],
  ['frame read → write starts', 'frame-read', 'write-start'],
  ['write(2) of the POST', 'write-start', 'write-end'],
  ['written → received', 'write-end', 'received'],
  ['published → received', 'published', 'received'],
] as const;

/** Parses `name nanoseconds` lines. */
export function parseMarks(text: string): Array<{ name: string; at: bigint }> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [name, at] = line.split(' ') as [string, string];
      return { name, at: BigInt(at) };
    });
}

/**
 * Per step, the median in microseconds over the reactions whose marks all fall between the
 * trade's publication and the order's arrival (the first mark of each name counts); a step is
 * left out when no reaction has both of its marks.
 */
export function stepMedians(
  reactions: readonly TracedReaction[],
  marks: ReadonlyArray<{ name: string; at: bigint }>,
): Array<{ step: string; medianMicroseconds: number; reactions: number }> {
  const durations = new Map<string, number[]>();
  for (const reaction of reactions) {
    const seen = new Map<string, bigint>([
      ['published', reaction.publishedAt],
      ['received', reaction.receivedAt],
    ]);
    for (const { name, at } of marks)
      if (at >= reaction.publishedAt && at <= reaction.receivedAt && !seen.has(name)) seen.set(name, at);
    for (const [step, from, to] of TRACE_STEPS) {
      const start = seen.get(from);
      const end = seen.get(to);
      if (start === undefined || end === undefined || end < start) continue;
      const list = durations.get(step) ?? [];
      list.push(Number(end - start) / 1000);
      durations.set(step, list);
    }
  }
  return TRACE_STEPS.flatMap(([step]) => {
    const list = durations.get(step);
    if (list === undefined) return [];
    list.sort((left, right) => left - right);
    return [{ step, medianMicroseconds: list[list.length >> 1] as number, reactions: list.length }];
  });
}

/** Parses the suite's `client publishedAt receivedAt` lines. */
export function parseReactions(text: string): TracedReaction[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [client, publishedAt, receivedAt] = line.split(' ') as [string, string, string];
      return { client, publishedAt: BigInt(publishedAt), receivedAt: BigInt(receivedAt) };
    });
}

function main(folder: string): void {
  const reactions = parseReactions(readFileSync(join(folder, 'parent.marks'), 'utf8'));
  for (const file of readdirSync(folder).filter(
    (name) => name.endsWith('.marks') && name !== 'parent.marks',
  )) {
    const client = file.replace(/\.marks$/, '');
    const own = reactions.filter((reaction) => reaction.client === client);
    console.log(`${client} (${own.length} reactions)`);
    for (const { step, medianMicroseconds, reactions: count } of stepMedians(
      own,
      parseMarks(readFileSync(join(folder, file), 'utf8')),
    ))
      console.log(`  ${step.padEnd(28)}${String(Math.round(medianMicroseconds)).padStart(7)} µs  (${count})`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const folder = process.argv[2];
  if (folder === undefined) {
    console.error('usage: reaction-trace <folder written by BENCH_TICK_TO_ORDER_TRACE>');
    process.exit(2);
  }
  main(folder);
}
