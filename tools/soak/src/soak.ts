/**
 * `pnpm soak`: the example bot, started as users start it (`node --import tsx src/main.ts`, plus
 * `--inspect` so its heap can be read), against a simulator whose market runs at high speed, with
 * a strategy that places and cancels an order on every trade. Every 20 s it forces a full GC in the
 * bot and prints the heap in use; at the end it prints the growth per 1,000 orders past the
 * warm-up, the journal's size and the time to replay it, and one JSON line.
 *
 *   pnpm soak                    # 10 minutes, market at 20× speed
 *   pnpm soak --smoke            # about a minute
 *   pnpm soak --minutes 30 --speed 40 --snapshot-dir /tmp/soak-snapshots
 *   pnpm soak --bot-directory /tmp/main-checkout/apps/example-bot   # another version of the bot
 *
 * `--snapshot-dir` writes two heap snapshots of the bot (at the warm-up and at the end) to compare
 * with `node --import tsx src/compare-snapshots.ts first.heapsnapshot second.heapsnapshot`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSimulator } from '@tradeloop/simulator';
import { FileJournal } from '@tradeloop/strategy-kit';
import { growthPerThousandOrders, type HeapSample } from './growth.js';
import { historyRecords, type SummaryHistory } from './history-journal.js';
import { InspectorSession } from './inspector-session.js';

const here = dirname(fileURLToPath(import.meta.url));
const MiB = 1024 * 1024;

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    smoke: { type: 'boolean', default: false },
    speed: { type: 'string', default: '20' },
    'sample-seconds': { type: 'string', default: '20' },
    'warmup-orders': { type: 'string' },
    'snapshot-dir': { type: 'string' },
    seed: { type: 'string', default: '1' },
    'bot-directory': { type: 'string' },
    // The churn strategy's distance from the trade price; a small one (0.0002) makes some orders fill.
    'price-offset': { type: 'string', default: '0.1' },
    // Where the results go for \`pnpm bench\` (its Soak rows read them).
    results: { type: 'string' },
  },
});
// Another checkout of apps/example-bot (e.g. main's, to measure before a change) can be soaked too.
const botDirectory = resolve(values['bot-directory'] ?? resolve(here, '../../../apps/example-bot'));

const resultsPath = resolve(
  values.results ?? resolve(here, '../../../bench-results', values.smoke ? 'soak.smoke.json' : 'soak.json'),
);
const minutes = values.smoke ? 1 : Number(values.minutes);
const speed = Number(values.speed);
const sampleSeconds = values.smoke ? 10 : Number(values['sample-seconds']);
const warmupOrders = Number(values['warmup-orders'] ?? (values.smoke ? 200 : 2000));
for (const [name, value] of Object.entries({ minutes, speed, sampleSeconds, warmupOrders })) {
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`soak: --${name} should be a positive number, received ${String(value)}`);
    process.exit(2);
  }
}

const workDirectory = mkdtempSync(join(tmpdir(), 'tradeloop-soak-'));
const journalPath = join(workDirectory, 'journal.jsonl');
const summaryPath = join(workDirectory, 'summary.json');
const snapshotDirectory = values['snapshot-dir'];
if (snapshotDirectory !== undefined) mkdirSync(snapshotDirectory, { recursive: true });

const simulator = await startSimulator({
  port: 0,
  seed: Number(values.seed),
  market: { enabled: true, speed },
});
console.log(
  `soak: simulator at ${simulator.restUrl}, market ×${speed}; ${minutes} min; work files in ${workDirectory}`,
);

const bot = spawn(
  process.execPath,
  [
    '--inspect=127.0.0.1:0',
    '--import',
    'tsx',
    'src/main.ts',
    '--strategy',
    join(here, 'churn-strategy.ts'),
    '--param',
    `priceOffset=${values['price-offset']}`,
    '--products',
    'BTC-USD',
    '--log-format',
    'json',
    '--journal',
    journalPath,
    '--summary-json',
    summaryPath,
    '--status-interval',
    '3600',
  ],
  {
    cwd: botDirectory,
    env: {
      ...process.env,
      COINBASE_REST_URL: simulator.restUrl,
      COINBASE_WS_URL: simulator.wsUrl,
      COINBASE_API_KEY: simulator.credentials.apiKey,
      COINBASE_API_SECRET: simulator.credentials.apiSecret,
      COINBASE_API_PASSPHRASE: simulator.credentials.passphrase,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);

/** Client order ids of the orders placed so far: their count is the soak's order count. */
const placedIds = new Set<string>();
let fills = 0;
let started = false;
const botExited = new Promise<number | null>((resolveExit) => bot.on('exit', (code) => resolveExit(code)));
// The bot's own output, kept beside the journal and summary for a look afterwards.
const botLog = createWriteStream(join(workDirectory, 'bot.jsonl'));
createInterface({ input: bot.stdout as NonNullable<ChildProcess['stdout']> }).on('line', (line) => {
  botLog.write(`${line}\n`);
  if (!line.startsWith('{')) return;
  const parsed = JSON.parse(line) as { event?: string; order?: { clientOrderId?: string } };
  const event = parsed.event;
  // The bot can report an order placed twice (a resubmission); the set counts each order once.
  if (event === 'order-placed') placedIds.add(String(parsed.order?.clientOrderId));
  else if (event === 'order-filled') fills += 1;
  else if (event === 'bot-started') started = true;
});
const inspectorUrl = await new Promise<string>((resolveUrl, reject) => {
  const lines = createInterface({ input: bot.stderr as NonNullable<ChildProcess['stderr']> });
  lines.on('line', (line) => {
    const match = /Debugger listening on (ws:\/\/\S+)/.exec(line);
    if (match?.[1] !== undefined) resolveUrl(match[1]);
    else if (!line.includes('For help, see') && !line.includes('Debugger attached'))
      console.error(`bot: ${line}`);
  });
  bot.on('exit', (code) =>
    reject(new Error(`soak: the bot exited (${String(code)}) before its inspector opened`)),
  );
});
const inspector = await InspectorSession.connect(inspectorUrl);

/** How long a restart takes to replay the journal at `path` (compaction off, so it is read as it is). */
const replayTime = (path: string): { replayMs: number; records: number } => {
  const started = performance.now();
  const { journal, replay } = FileJournal.open(path, { fsync: false, compaction: false });
  const replayMs = performance.now() - started;
  journal.close();
  return { replayMs, records: replay.records };
};
/** A copy of the largest journal seen, replayed again at the end beside the never-compacted history. */
const largestCopy = join(workDirectory, 'largest.jsonl');
/** The journal's size now and how long a restart takes to replay it (on a copy, so the bot is undisturbed). */
const measureJournal = (): { bytes: number; replayMs: number; records: number } => {
  const copy = join(workDirectory, 'replay.jsonl');
  copyFileSync(journalPath, copy);
  const bytes = statSync(copy).size;
  const { replayMs, records } = replayTime(copy);
  if (bytes > largestJournal.bytes) copyFileSync(copy, largestCopy);
  rmSync(copy, { force: true });
  return { bytes, replayMs, records };
};
let largestJournal = { bytes: 0, replayMs: 0, records: 0 };

const samples: HeapSample[] = [];
const startedAt = Date.now();
const endAt = startedAt + minutes * 60_000;
let warmupSnapshotTaken = false;
const sample = async (): Promise<void> => {
  const heapBytes = await inspector.heapAfterGc();
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  const orders = placedIds.size;
  samples.push({ seconds, orders, heapBytes });
  const growth = growthPerThousandOrders(samples, warmupOrders);
  const journalNow = existsSync(journalPath) ? measureJournal() : undefined;
  if (journalNow !== undefined && journalNow.bytes > largestJournal.bytes) largestJournal = journalNow;
  console.log(
    `soak: ${String(seconds).padStart(5)} s  orders ${String(orders).padStart(7)}  fills ${String(fills).padStart(5)}  heap after GC ${(heapBytes / MiB).toFixed(2)} MiB${
      growth === undefined
        ? ''
        : `  growth ${(growth / 1024).toFixed(1)} KiB / 1,000 orders past ${warmupOrders}`
    }${journalNow === undefined ? '' : `  journal ${(journalNow.bytes / 1024).toFixed(0)} KiB, replay ${journalNow.replayMs.toFixed(0)} ms`}`,
  );
  if (snapshotDirectory !== undefined && !warmupSnapshotTaken && orders >= warmupOrders) {
    warmupSnapshotTaken = true;
    await inspector.writeHeapSnapshot(join(snapshotDirectory, 'warmup.heapsnapshot'));
  }
};

let exitCode: number | null | undefined;
void botExited.then((code) => {
  exitCode = code;
});
while (Date.now() < endAt && exitCode === undefined) {
  await new Promise((wake) =>
    setTimeout(wake, Math.min(sampleSeconds * 1000, Math.max(0, endAt - Date.now()))),
  );
  if (exitCode !== undefined) break;
  if (started) await sample();
}
if (exitCode !== undefined) {
  console.error(`soak: the bot exited early with status ${String(exitCode)}`);
  await simulator.stop();
  process.exit(1);
}
if (snapshotDirectory !== undefined)
  await inspector.writeHeapSnapshot(join(snapshotDirectory, 'end.heapsnapshot'));
inspector.close();

// An orderly stop, as Ctrl-C gives: the bot cancels its orders and writes its summary.
bot.kill('SIGINT');
const killTimer = setTimeout(() => bot.kill('SIGKILL'), 120_000);
const botStatus = await botExited;
clearTimeout(killTimer);
await simulator.stop();

botLog.end();
const { bytes: journalBytes, replayMs, records: journalRecords } = measureJournal();

const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as SummaryHistory;
// The baseline: the whole run as one journal never compacted (rebuilt from the summary file).
const historyPath = join(workDirectory, 'history.jsonl');
writeFileSync(
  historyPath,
  historyRecords(summary)
    .map((record) => `${JSON.stringify(record)}\n`)
    .join(''),
);
const historyBytes = statSync(historyPath).size;
// The largest compacted journal and the never-compacted history are replayed here, alternately,
// with the bot stopped: the same conditions for both (mid-run figures carry the bot's load).
const largestRounds: number[] = [];
const historyRounds: number[] = [];
for (let round = 0; round < 5; round += 1) {
  if (existsSync(largestCopy)) largestRounds.push(replayTime(largestCopy).replayMs);
  historyRounds.push(replayTime(historyPath).replayMs);
}
const median = (values: number[]): number => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const historyReplayMs = median(historyRounds);
if (largestRounds.length > 0) largestJournal = { ...largestJournal, replayMs: median(largestRounds) };
const orders = placedIds.size;
const growth = growthPerThousandOrders(samples, warmupOrders);
const result = {
  minutes,
  speed,
  orders,
  fills,
  warmupOrders,
  heapFirstMiB: samples[0] === undefined ? undefined : samples[0].heapBytes / MiB,
  heapLastMiB: samples.at(-1) === undefined ? undefined : (samples.at(-1)?.heapBytes ?? 0) / MiB,
  growthKiBPerThousandOrders: growth === undefined ? undefined : growth / 1024,
  journalBytes,
  journalRecords,
  journalReplayMs: replayMs,
  // The journal is compacted past 1 MiB: its largest size during the run, and that one's replay
  // time (median of 5, replayed after the run beside the history's, see above).
  journalLargestBytes: largestJournal.bytes,
  journalLargestReplayMs: largestJournal.replayMs,
  historyJournalBytes: historyBytes,
  historyJournalReplayMs: historyReplayMs,
  summaryOrders: summary.orders.placed.length,
  summaryFills: summary.fills.length,
  botExitStatus: botStatus,
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  loadAverage: loadavg()[0],
  cores: cpus().length,
  priceOffset: values['price-offset'],
};
console.log(
  `soak: ${orders} orders; growth ${growth === undefined ? 'n/a' : `${(growth / 1024).toFixed(1)} KiB`} per 1,000 orders past ${warmupOrders}; journal ${(journalBytes / 1024).toFixed(0)} KiB (${journalRecords} records), replayed in ${replayMs.toFixed(0)} ms (largest during the run ${(largestJournal.bytes / 1024).toFixed(0)} KiB, replayed in ${largestJournal.replayMs.toFixed(0)} ms); summary lists ${summary.orders.placed.length} orders and ${summary.fills.length} fills`,
);
if (orders < warmupOrders + 1000) {
  console.log(
    'soak: note: the order registry and the summary keep the last 1,000 finished orders, so growth measured before ~2,000 orders includes them filling up; run longer for the figure that counts',
  );
}
console.log(
  `soak: without compaction the run's journal would be ${(historyBytes / 1024).toFixed(0)} KiB, replayed in ${historyReplayMs.toFixed(0)} ms (rebuilt from the summary file)`,
);
console.log(JSON.stringify(result));
// For \`pnpm bench\`'s Soak rows (tools/benchmarks/src/suites/soak.bench.ts).
mkdirSync(dirname(resultsPath), { recursive: true });
writeFileSync(resultsPath, `${JSON.stringify(result, null, 2)}\n`);
console.log(`soak: results written to ${resultsPath}`);
