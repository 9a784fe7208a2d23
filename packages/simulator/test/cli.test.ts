import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { TestRestClient } from './support/rest.js';
import { authHeaders } from './support/signing.js';

// The `tradeloop-sim` CLI as a user runs it: a child process (TypeScript via tsx's loader), its
// one JSON line on stdout, a real request against it, then SIGTERM.
const cliPath = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function firstLine(started: Run): Promise<Record<string, string>> {
  while (!started.stdout().includes('\n')) {
    if (started.child.exitCode !== null) throw new Error(`CLI exited early: ${started.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return JSON.parse(started.stdout().split('\n')[0] as string);
}

describe('tradeloop-sim', () => {
  it('prints one JSON line, serves REST with the printed credentials, and stops on SIGTERM with 0', {
    timeout: 30_000,
  }, async () => {
    const started = run([
      '--port',
      '0',
      '--seed',
      '5',
      '--balances',
      'USD=1234.5,BTC=2',
      '--rate-limits',
      'off',
      '--market',
      'off',
    ]);
    const ready = await firstLine(started);
    expect(Object.keys(ready).sort()).toEqual(['apiKey', 'apiSecret', 'passphrase', 'restUrl', 'wsUrl']);
    expect(ready.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.wsUrl).toBe(ready.restUrl?.replace('http', 'ws'));
    const client = new TestRestClient(ready.restUrl as string, ready as never);
    try {
      const accounts = (await client.get('/accounts')).body as Array<{ currency: string; balance: string }>;
      expect(accounts.find((account) => account.currency === 'USD')?.balance).toBe('1234.5000000000000000');
      expect(accounts.find((account) => account.currency === 'BTC')?.balance).toBe('2.0000000000000000');
    } finally {
      client.close();
    }
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.stdout().trimEnd().split('\n')).toHaveLength(1);
    expect(started.stderr()).toContain('listening');
  });

  it('takes fixed credentials from SIM_API_* and stops on SIGINT', { timeout: 30_000 }, async () => {
    const credentials = {
      apiKey: 'a'.repeat(32),
      apiSecret: Buffer.alloc(64, 7).toString('base64'),
      passphrase: 'sim-pass',
    };
    const started = run(['--market', 'off'], {
      SIM_API_KEY: credentials.apiKey,
      SIM_API_SECRET: credentials.apiSecret,
      SIM_API_PASSPHRASE: credentials.passphrase,
    });
    const ready = await firstLine(started);
    // A supplied secret is never echoed: the user has it already, and stdout may end up in logs.
    expect(ready).toEqual({
      restUrl: expect.any(String),
      wsUrl: expect.any(String),
      apiKey: credentials.apiKey,
    });
    expect(started.stdout()).not.toContain(credentials.apiSecret);
    expect(started.stdout()).not.toContain(credentials.passphrase);
    const client = new TestRestClient(ready.restUrl as string);
    try {
      const response = await client.raw(
        'GET',
        '/users/self/verify',
        '',
        authHeaders(credentials, 'GET', '/users/self/verify'),
      );
      expect(response.status).toBe(200);
    } finally {
      client.close();
    }
    started.child.kill('SIGINT');
    expect(await started.exited).toBe(0);
  });

  it.each([
    [['--rate-limits', 'maybe'], /--rate-limits expects on or off/],
    [['--products', 'DOGE-USD'], /products: expected product ids among/],
  ])('exits 2 with one sentence for %j', { timeout: 30_000 }, async (args, message) => {
    const started = run(args);
    expect(await started.exited).toBe(2);
    expect(started.stderr()).toMatch(message);
    expect(started.stderr().trim().split('\n')).toHaveLength(1);
    expect(started.stdout()).toBe('');
  });
});
