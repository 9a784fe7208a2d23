import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AdvancedTradeTestClient } from './support/advanced-trade.js';
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

// biome-ignore lint/suspicious/noExplicitAny: the JSON line is read field by field
async function firstLine(started: Run): Promise<Record<string, any>> {
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
    expect(Object.keys(ready).sort()).toEqual([
      'advancedTrade',
      'apiKey',
      'apiSecret',
      'passphrase',
      'restUrl',
      'wsUrl',
    ]);
    expect(Object.keys(ready.advancedTrade).sort()).toEqual([
      'keyName',
      'privateKey',
      'restUrl',
      'userWsUrl',
      'wsUrl',
    ]);
    expect(ready.advancedTrade.keyName).toMatch(/^organizations\/[0-9a-f-]{36}\/apiKeys\/[0-9a-f-]{36}$/);
    expect(ready.advancedTrade.privateKey).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(ready.advancedTrade.wsUrl).toBe(`${ready.wsUrl}/advanced-trade`);
    const advancedTrade = new AdvancedTradeTestClient(ready.advancedTrade.restUrl, ready.advancedTrade);
    const atAccounts = (await advancedTrade.get('/api/v3/brokerage/accounts')).body.accounts as Array<{
      currency: string;
      available_balance: { value: string };
    }>;
    expect(atAccounts.find((account) => account.currency === 'USD')?.available_balance.value).toBe('1234.5');
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
      // The Advanced Trade key was not supplied: generated, so printed whole.
      advancedTrade: expect.objectContaining({ keyName: expect.any(String), privateKey: expect.any(String) }),
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

  it('takes a fixed CDP key from --cdp-key-name and --cdp-private-key-file and does not echo it', {
    timeout: 30_000,
  }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tradeloop-sim-'));
    const pemPath = join(directory, 'cdp.pem');
    const privateKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
      type: 'sec1',
      format: 'pem',
    }) as string;
    writeFileSync(pemPath, privateKey);
    const keyName =
      'organizations/11111111-2222-3333-4444-555555555555/apiKeys/66666666-7777-8888-9999-000000000000';
    const started = run(['--market', 'off', '--cdp-key-name', keyName, '--cdp-private-key-file', pemPath]);
    const ready = await firstLine(started);
    // A supplied private key is never echoed, like a supplied secret; the key name is not secret.
    expect(ready.advancedTrade).toEqual({
      restUrl: expect.any(String),
      wsUrl: expect.any(String),
      userWsUrl: expect.any(String),
      keyName,
    });
    const keyBody = privateKey.split('\n')[1] as string;
    expect(keyBody.length).toBeGreaterThan(16);
    expect(started.stdout()).not.toContain(keyBody);
    expect(started.stdout()).not.toContain('PRIVATE KEY');
    const advancedTrade = new AdvancedTradeTestClient(ready.advancedTrade.restUrl, { keyName, privateKey });
    expect((await advancedTrade.get('/api/v3/brokerage/portfolios')).status).toBe(200);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
  });

  it.each([
    [['--cdp-key-name', 'organizations/x/apiKeys/y'], /needs both --cdp-key-name and --cdp-private-key-file/],
    [
      ['--cdp-key-name', 'organizations/x/apiKeys/y', '--cdp-private-key-file', '/nonexistent/key.pem'],
      /--cdp-private-key-file could not be read/,
    ],
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
