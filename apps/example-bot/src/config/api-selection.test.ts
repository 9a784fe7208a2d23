import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type BotConfig, parseCommand } from '../config.js';
import { ConfigError } from '../config-error.js';

const base = '/home/trader/bots';
const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'sec1', format: 'pem' })
  .toString();
const keyName = 'organizations/0a1b2c3d-org/apiKeys/9f8e7d6c-key';
const advancedTradeEnv = { COINBASE_API_KEY: keyName, COINBASE_API_SECRET: pem };
const exchangeEnv = {
  COINBASE_API_KEY: 'a'.repeat(32),
  COINBASE_API_SECRET: randomBytes(64).toString('base64'),
  COINBASE_API_PASSPHRASE: 'correct horse battery',
};
const simulatorUrls = {
  COINBASE_REST_URL: 'http://127.0.0.1:9000',
  COINBASE_WS_URL: 'ws://127.0.0.1:9000/advanced-trade',
  COINBASE_USER_WS_URL: 'ws://127.0.0.1:9000/advanced-trade-user',
};

function run(argv: string[], env: Record<string, string | undefined>): BotConfig {
  const command = parseCommand(argv, env, base);
  if (command.kind !== 'run') throw new Error('expected a run command');
  return command.config;
}

function refusal(argv: string[], env: Record<string, string | undefined>): string {
  try {
    parseCommand(argv, env, base);
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('choosing the Coinbase API', () => {
  it('takes a CDP key name with a PEM as Advanced Trade, at the URLs given (user feed apart)', () => {
    const config = run([], { ...advancedTradeEnv, ...simulatorUrls });
    expect(config.venue).toMatchObject({
      kind: 'advanced-trade',
      environment: 'custom',
      ...simulatorUrls_(),
    });
    expect(config.venue.kind === 'advanced-trade' && config.venue.credentials.keyName).toBe(keyName);
    expect(config.journalPath).toBe(`${base}/.tradeloop/journal-advanced-trade-custom-127.0.0.1-9000.jsonl`);
  });

  it('accepts the PEM with literal \\n (as .env files hold it), and the user feed defaulting to COINBASE_WS_URL', () => {
    const config = run([], {
      COINBASE_API_KEY: keyName,
      COINBASE_API_SECRET: pem.trim().replaceAll('\n', '\\n'),
      COINBASE_API: 'advanced-trade',
      COINBASE_REST_URL: simulatorUrls.COINBASE_REST_URL,
      COINBASE_WS_URL: simulatorUrls.COINBASE_WS_URL,
    });
    expect(config.venue).toMatchObject({ kind: 'advanced-trade', userWsUrl: simulatorUrls.COINBASE_WS_URL });
    // The PEM never prints, in either spelling, nor any line of it.
    for (const form of [pem.trim(), pem.trim().replaceAll('\n', '\\n'), pem.split('\n')[1] as string])
      expect(config.secrets.scrub(`oops ${form} oops`)).toBe('oops [redacted] oops');
  });

  it('goes to Coinbase’s Advanced Trade hosts with --live, and refuses them without it: there is no sandbox', () => {
    expect(run(['--live'], advancedTradeEnv).venue).toMatchObject({
      kind: 'advanced-trade',
      environment: 'production',
      restUrl: 'https://api.coinbase.com',
      wsUrl: 'wss://advanced-trade-ws.coinbase.com',
      userWsUrl: 'wss://advanced-trade-ws-user.coinbase.com',
    });
    expect(run(['--live'], advancedTradeEnv).journalPath).toBe(
      `${base}/.tradeloop/journal-advanced-trade-production.jsonl`,
    );
    for (const env of [
      advancedTradeEnv,
      { ...advancedTradeEnv, COINBASE_ENV: 'production' },
      {
        ...advancedTradeEnv,
        COINBASE_REST_URL: 'https://API.coinbase.com',
        COINBASE_WS_URL: 'wss://advanced-trade-ws.coinbase.com',
        COINBASE_USER_WS_URL: 'wss://advanced-trade-ws-user.coinbase.com',
      },
    ])
      expect(refusal([], env)).toMatch(/Advanced Trade has no sandbox.*needs the --live flag/);
  });

  it('runs the embedded simulator through Advanced Trade with --api advanced-trade and no key', () => {
    expect(run(['--api', 'advanced-trade'], {}).venue).toEqual({
      kind: 'embedded-simulator',
      seed: 1,
      api: 'advanced-trade',
    });
    expect(run([], { COINBASE_API: 'advanced-trade' }).venue).toMatchObject({ api: 'advanced-trade' });
    expect(run([], {}).venue).toEqual({ kind: 'embedded-simulator', seed: 1 });
  });

  it('keeps an Exchange key on Coinbase Exchange', () => {
    expect(run([], exchangeEnv).venue).toMatchObject({ kind: 'coinbase', environment: 'sandbox' });
    expect(run(['--api', 'exchange'], exchangeEnv).venue).toMatchObject({ kind: 'coinbase' });
  });

  it.each<[string, string[], Record<string, string>, RegExp]>([
    [
      'an Exchange key on Advanced Trade',
      [],
      { ...exchangeEnv, COINBASE_API: 'advanced-trade' },
      /holds a Coinbase Exchange key, but the bot was asked for Advanced Trade/,
    ],
    [
      'an Advanced Trade key on Exchange',
      ['--api', 'exchange'],
      { ...advancedTradeEnv, ...simulatorUrls },
      /hold an Advanced Trade \(CDP\) key .* but the bot was asked for Coinbase Exchange/,
    ],
    [
      'a CDP key name with an Exchange secret',
      [],
      { COINBASE_API_KEY: keyName, COINBASE_API_SECRET: exchangeEnv.COINBASE_API_SECRET, ...simulatorUrls },
      /COINBASE_API_SECRET is not a PEM private key/,
    ],
    [
      'an Exchange key name with a PEM',
      [],
      { COINBASE_API_KEY: 'a'.repeat(32), COINBASE_API_SECRET: pem, ...simulatorUrls },
      /The Advanced Trade key in the environment is not usable/,
    ],
    ['an unknown API', ['--api', 'futures'], {}, /must be exchange or advanced-trade/],
    [
      'Advanced Trade with COINBASE_ENV=sandbox',
      [],
      { ...advancedTradeEnv, COINBASE_ENV: 'sandbox' },
      /Advanced Trade has no trading sandbox/,
    ],
    [
      'a REST URL without a feed',
      [],
      { ...advancedTradeEnv, COINBASE_REST_URL: 'http://127.0.0.1:9000' },
      /COINBASE_WS_URL is missing/,
    ],
    [
      'Coinbase and simulator hosts mixed',
      ['--live'],
      { ...advancedTradeEnv, ...simulatorUrls, COINBASE_REST_URL: 'https://api.coinbase.com' },
      /mix Coinbase hosts with other servers/,
    ],
    ['--live at a simulator', ['--live'], { ...advancedTradeEnv, ...simulatorUrls }, /drop --live/],
    [
      'URLs without a key',
      ['--api', 'advanced-trade'],
      simulatorUrls,
      /no credentials: set COINBASE_API_KEY to the key name/,
    ],
  ])('refuses %s before trading, in one sentence that keeps the key secret', (_name, argv, env, expected) => {
    const message = refusal(argv, env);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
    expect(message).toMatch(/\.$/);
    expect(message).not.toContain(pem.split('\n')[1]);
    expect(message).not.toContain(exchangeEnv.COINBASE_API_SECRET);
  });
});

function simulatorUrls_() {
  return {
    restUrl: simulatorUrls.COINBASE_REST_URL,
    wsUrl: simulatorUrls.COINBASE_WS_URL,
    userWsUrl: simulatorUrls.COINBASE_USER_WS_URL,
  };
}
