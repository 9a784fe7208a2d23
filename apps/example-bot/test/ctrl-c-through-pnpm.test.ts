/**
 * Ctrl-C the way a user presses it: `pnpm --filter example-bot start` runs in its own process
 * group, as a terminal's foreground job does, and SIGINT goes to the whole group (pnpm, the
 * shell, the bot), as the terminal driver sends it. The bot must end with its summary and pnpm
 * with status 0 and no "ELIFECYCLE Command failed" — before the fix, the shell pnpm starts the
 * script with died of the SIGINT, pnpm reported failure and re-raised it (status 130).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/output/summary.js';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
let directory: string | undefined;

afterEach(async () => {
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

interface PnpmRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `pnpm … start` in a new process group; sends SIGINT to the group once `ready` matches stdout. */
function runUntilInterrupted(args: readonly string[], ready: RegExp, timeoutMs: number): Promise<PnpmRun> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DO_NOT_TRACK: '1',
    TURBO_TELEMETRY_DISABLED: '1',
  };
  for (const name of Object.keys(env)) {
    if (name.startsWith('COINBASE_') || name.startsWith('TRADELOOP_') || name === 'INIT_CWD')
      delete env[name];
  }
  const child = spawn('pnpm', ['--filter', 'example-bot', 'start', '--', ...args], {
    cwd: repositoryRoot,
    env,
    detached: true, // its own process group, like a terminal's foreground job
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-(child.pid as number), 'SIGKILL');
      reject(
        new Error(`pnpm start did not finish within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`),
      );
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!interrupted && ready.test(stdout)) {
        interrupted = true;
        process.kill(-(child.pid as number), 'SIGINT'); // one Ctrl-C: the whole foreground group
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr });
    });
  });
}

describe('Ctrl-C through pnpm', () => {
  it('ends with the terminal summary, the report written, and status 0 as pnpm reports it', async () => {
    directory = await mkdtemp(join(tmpdir(), 'example-bot-ctrl-c-'));
    const summaryPath = join(directory, 'summary.json');
    const reportPath = join(directory, 'run.html');
    const run = await runUntilInterrupted(
      ['--summary-json', summaryPath, '--report', reportPath, '--status-interval', '1'],
      /STATUS .*open orders/,
      240_000,
    );
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.signal, output).toBeNull();
    expect(run.exitCode, output).toBe(0);
    expect(output).not.toContain('ELIFECYCLE');
    expect(output).not.toContain('ERR_PNPM');
    expect(output).not.toContain('exiting at once');

    // The summary printed is the summary written.
    const summary = JSON.parse(await readFile(summaryPath, 'utf8')) as RunSummary;
    expect(summary.stopReason).toBe('SIGINT');
    const lines = run.stdout.split('\n');
    const printed = (label: string) => lines.find((line) => line.startsWith(label.padEnd(12)))?.slice(12);
    expect(lines).toContain(`── run summary ${'─'.repeat(56)}`);
    expect(printed('stopped')).toMatch(/^SIGINT after \d+s · market-maker on BTC-USD$/);
    expect(printed('orders')).toBe(
      `${summary.orders.placed.length} placed · ${summary.orders.filled.length} filled · ${summary.orders.canceled.length} canceled · ${summary.orders.rejected.length} rejected · 0 open at exit`,
    );
    expect(printed('fills')).toMatch(new RegExp(`^${summary.fills.length} · fees [\\d,.]+ USD$`));
    expect(printed('pnl USD')).toMatch(
      /^realized [+-][\d,.]+ USD · unrealized [+-][\d,.]+ USD · fees [\d,.]+ USD · net [+-][\d,.]+ USD$/,
    );
    expect(printed('balances')).toContain('USD');
    expect(printed('feed')).toBe(`${summary.reconnects} reconnect(s) · ${summary.totals.gaps} gap(s)`);
    expect(printed('summary')).toBe(summaryPath);
    expect(printed('report')).toBe(reportPath);

    // The report is a simulated run's (the embedded simulator), with the same counts as the summary.
    const html = await readFile(reportPath, 'utf8');
    expect(html).toContain('data-kind="simulated"');
    const data = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(data ?? '{}').products[0].candles.length).toBeGreaterThan(0);
    expect(html).toContain(`data-summary="ordersPlaced" data-value="${summary.orders.placed.length}"`);
  }, 300_000);
});
