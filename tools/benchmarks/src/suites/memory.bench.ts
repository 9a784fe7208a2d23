/**
 * Memory: resident set size (RSS, from /proc) of the example bot (apps/example-bot, run as its
 * own process on two products, pointed at a simulator with its synthetic market running) after
 * a minute of market data, beside a bare `ws` client process that subscribes to the same two
 * products' level2 and full channels (plus ticker and user) and only `JSON.parse`s each message.
 * Both run at the same time on the same market, both under tsx, so loader and traffic are alike.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '@tradeloop/simulator';
import { type Figure, printRow, quantile, smoke, type Unmeasured } from '@tradeloop-internal/bench-harness';
import { packageDirectory } from '../support/child-process.js';

/** A minute (the figure); a few seconds in smoke runs; `BENCH_MEMORY_SECONDS` overrides both. */
const windowSeconds = Number(process.env.BENCH_MEMORY_SECONDS ?? (smoke ? 3 : 60));
const products = ['BTC-USD', 'ETH-USD'];
const botDirectory = fileURLToPath(new URL('../../../../apps/example-bot/', import.meta.url));
const botEntry = `${botDirectory}src/main.ts`;

/** RSS of a live process in MiB, or undefined once it is gone. */
function residentMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) / 1024;
  } catch {
    return undefined;
  }
}

interface Watched {
  name: string;
  process: ChildProcess | undefined;
  unavailable: string | undefined;
  samples: number[];
  output: string[];
}

function spawnTypeScript(
  name: string,
  entry: string,
  args: string[],
  cwd: string,
  environment: NodeJS.ProcessEnv,
): Watched {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd,
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watched: Watched = { name, process: child, unavailable: undefined, samples: [], output: [] };
  // Keep the last lines: they explain an early exit.
  const keep = (chunk: Buffer) => {
    watched.output.push(...String(chunk).split('\n').filter(Boolean));
    if (watched.output.length > 20) watched.output.splice(0, watched.output.length - 20);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return watched;
}

const simulator = await startSimulator({ products, rateLimits: false, market: { enabled: true, speed: 4 } });
const watched: Watched[] = [];
// The bot's journal and anything else it writes go to a scratch folder, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), 'tradeloop-memory-bench-'));
try {
  const botKey = simulator.createApiKey({ balances: { USD: '100000', BTC: '10', ETH: '100' } });
  const bareKey = simulator.createApiKey({ balances: {} });
  if (existsSync(botEntry)) {
    watched.push(
      spawnTypeScript(
        'example bot (apps/example-bot), 2 products',
        botEntry,
        [
          '--products',
          products.join(','),
          '--duration',
          String(windowSeconds + 30),
          '--log-format',
          'json',
          '--journal',
          join(scratch, 'bot.journal'),
        ],
        botDirectory,
        {
          COINBASE_API_KEY: botKey.apiKey,
          COINBASE_API_SECRET: botKey.apiSecret,
          COINBASE_API_PASSPHRASE: botKey.passphrase,
          COINBASE_REST_URL: simulator.restUrl,
          COINBASE_WS_URL: simulator.wsUrl,
          // The bot resolves relative paths against the folder pnpm was started in.
          INIT_CWD: scratch,
        },
      ),
    );
  } else {
    watched.push({
      name: 'example bot (apps/example-bot), 2 products',
      process: undefined,
      unavailable: 'apps/example-bot has no src/main.ts yet',
      samples: [],
      output: [],
    });
  }
  watched.push(
    spawnTypeScript(
      'bare ws client, JSON.parse only, same channels',
      'src/memory/bare-feed-client.ts',
      [],
      packageDirectory,
      {
        MEMORY_WS_URL: simulator.wsUrl,
        MEMORY_PRODUCTS: products.join(','),
        MEMORY_CHANNELS: 'level2,full,ticker,user',
        MEMORY_API_KEY: bareKey.apiKey,
        MEMORY_API_SECRET: bareKey.apiSecret,
        MEMORY_PASSPHRASE: bareKey.passphrase,
      },
    ),
  );
  for (let second = 1; second <= windowSeconds; second += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const entry of watched) {
      if (entry.process === undefined || entry.unavailable !== undefined) continue;
      const pid = entry.process.pid;
      const rss = pid === undefined ? undefined : residentMiB(pid);
      if (rss === undefined || entry.process.exitCode !== null) {
        entry.unavailable = `the process exited after ${second} s: ${entry.output.slice(-2).join(' | ').slice(0, 160)}`;
        continue;
      }
      entry.samples.push(rss);
    }
  }
} finally {
  for (const entry of watched) {
    const child = entry.process;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await simulator.stop();
  rmSync(scratch, { recursive: true, force: true });
}

/** The median and range of the last quarter of the window: memory after the minute, not during start-up. */
function figureOf(entry: Watched): Figure | Unmeasured {
  if (entry.unavailable !== undefined) return { name: entry.name, unavailable: entry.unavailable };
  const tail = entry.samples
    .slice(-Math.max(1, Math.floor(entry.samples.length / 4)))
    .sort((left, right) => left - right);
  return {
    name: entry.name,
    value: quantile(tail, 0.5),
    min: tail[0] as number,
    max: tail[tail.length - 1] as number,
    unit: 'MiB',
  };
}

const [bot, bare] = watched as [Watched, Watched];
if (process.env.BENCH_MEMORY_DEBUG === '1')
  for (const entry of watched) console.log(entry.name, entry.output);
const bareMessages = Number(/messages=(\d+)/.exec(bare.output.join('\n'))?.[1] ?? Number.NaN);
const traffic = Number.isNaN(bareMessages)
  ? ''
  : `; the market sent ~${Math.round(bareMessages / windowSeconds)} messages/s on these channels`;
printRow({
  id: 'memory',
  title: `Memory: resident set size after ${windowSeconds} s of two products' market data`,
  better: 'lower',
  candidate: figureOf(bot),
  baselines: [figureOf(bare)],
  note: `RSS sampled every second; median and range of the last quarter of the window${traffic}`,
});
