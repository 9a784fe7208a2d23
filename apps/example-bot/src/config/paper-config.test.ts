import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type BotConfig, COINBASE_HOSTS, parseCommand } from '../config.js';
import { ConfigError } from '../config-error.js';

const base = '/home/trader/bots';
const credentialsEnv = {
  COINBASE_API_KEY: 'a'.repeat(32),
  COINBASE_API_SECRET: randomBytes(64).toString('base64'),
  COINBASE_API_PASSPHRASE: 'correct horse battery',
};

function run(argv: string[], env: Record<string, string | undefined> = {}): BotConfig {
  const command = parseCommand(argv, env, base);
  if (command.kind !== 'run') throw new Error('expected a run command');
  return command.config;
}

function refusal(argv: string[], env: Record<string, string | undefined> = {}): string {
  try {
    parseCommand(argv, env, base);
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('--paper', () => {
  it('takes production’s public market data by default, with or without a key, and a paper journal per session', () => {
    for (const env of [{}, credentialsEnv]) {
      const config = run(['--paper', '--products', 'BTC-USD,ETH-USD'], env);
      expect(config.venue).toEqual({
        kind: 'paper',
        api: 'exchange',
        environment: 'production',
        ...COINBASE_HOSTS.production,
      });
      expect(config.paper).toEqual({
        balances: undefined,
        fees: undefined,
        latencyMs: 100,
        recordDirectory: undefined,
      });
      expect(config.journalPath).toMatch(
        /^\/home\/trader\/bots\/\.tradeloop\/journal-paper-production-.+\.jsonl$/,
      );
    }
  });

  it('reads balances, fees, latency and the recording folder; other feeds from COINBASE_ENV or the URLs', () => {
    const config = run(
      [
        '--paper',
        '--balances',
        'USD=2500.5,BTC=0.1',
        '--fees',
        'maker=0.001,taker=0.002',
        '--latency-ms',
        '40',
        '--record',
        'rec',
      ],
      { COINBASE_REST_URL: 'http://127.0.0.1:9000', COINBASE_WS_URL: 'ws://127.0.0.1:9000' },
    );
    expect(config.venue).toEqual({
      kind: 'paper',
      api: 'exchange',
      environment: 'custom',
      restUrl: 'http://127.0.0.1:9000',
      wsUrl: 'ws://127.0.0.1:9000',
    });
    expect(config.paper).toEqual({
      balances: { USD: '2500.5', BTC: '0.1' },
      fees: 'maker=0.001,taker=0.002',
      latencyMs: 40,
      recordDirectory: '/home/trader/bots/rec',
    });
    expect(run(['--paper'], { COINBASE_ENV: 'sandbox' }).venue).toMatchObject({ environment: 'sandbox' });
  });

  it('reads Advanced Trade’s public market data with --api advanced-trade or COINBASE_API, never by a key’s shape', () => {
    expect(run(['--paper', '--api', 'advanced-trade'], {}).venue).toEqual({
      kind: 'paper',
      api: 'advanced-trade',
      environment: 'production',
      ...COINBASE_HOSTS.production,
    });
    expect(run(['--paper'], { COINBASE_API: 'advanced-trade' }).venue).toMatchObject({
      api: 'advanced-trade',
    });
    const advancedTradeKeyEnv = {
      COINBASE_API_KEY: 'organizations/org-1/apiKeys/key-1',
      COINBASE_API_SECRET:
        '-----BEGIN EC PRIVATE KEY-----\\nnot-read-by-a-paper-run\\n-----END EC PRIVATE KEY-----',
    };
    expect(run(['--paper'], advancedTradeKeyEnv).venue).toMatchObject({ api: 'exchange' });
  });

  it.each([
    [['--paper', '--live'], {}, '--paper never trades real money'],
    [['--record', 'rec'], {}, '--record applies to paper trading only'],
    [['--balances', 'USD=1'], {}, '--balances applies to paper trading only'],
    [['--paper', '--balances', 'USD'], {}, 'a list of CURRENCY=amount'],
    [['--paper', '--latency-ms', '-1'], {}, '--latency-ms'],
    [['--paper', '--api', 'advanced-sale'], {}, '--api (COINBASE_API) must be exchange or advanced-trade'],
    [['--paper', '--journal', 'journal.jsonl'], {}, 'does not say "paper" in its name'],
    [['--journal', 'journal-paper.jsonl'], credentialsEnv, 'named as a paper journal'],
    [
      ['--paper'],
      { COINBASE_REST_URL: 'http://127.0.0.1:9000' },
      'COINBASE_REST_URL is set without COINBASE_WS_URL',
    ],
  ])('refuses %j with one sentence', (argv, env, expected) => {
    const message = refusal(argv, env);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
    expect(message).toMatch(/\.$/);
  });

  it('keeps an explicit paper journal', () => {
    expect(run(['--paper', '--journal', 'j/journal-paper.jsonl']).journalPath).toBe(
      '/home/trader/bots/j/journal-paper.jsonl',
    );
  });
});
