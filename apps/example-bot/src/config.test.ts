import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type BotConfig, COINBASE_HOSTS, helpText, OPTIONS, parseCommand } from './config.js';
import { ConfigError } from './config-error.js';

const base = '/home/trader/bots';
const apiSecret = randomBytes(64).toString('base64');
const credentialsEnv = {
  COINBASE_API_KEY: randomBytes(16).toString('hex'),
  COINBASE_API_SECRET: apiSecret,
  COINBASE_API_PASSPHRASE: 'correct horse battery',
};

function run(argv: string[], env: Record<string, string | undefined> = {}): BotConfig {
  const command = parseCommand(argv, env, base);
  if (command.kind !== 'run') throw new Error('expected a run command');
  return command.config;
}

function failure(argv: string[], env: Record<string, string | undefined> = {}): ConfigError {
  try {
    parseCommand(argv, env, base);
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** One sentence: starts upper-case or with a flag, has no line break, ends with a full stop. */
function expectOneSentence(message: string): void {
  expect(message).not.toContain('\n');
  expect(message).toMatch(/^(?:[A-Z]|--)/);
  expect(message).toMatch(/\.$/);
  expect(message).not.toMatch(/\bat .*:\d+:\d+/);
}

describe('parseCommand defaults', () => {
  it('runs the market maker on BTC-USD against the embedded simulator when nothing is set', () => {
    const config = run([]);
    expect(config.strategy).toBe('market-maker');
    expect(config.products).toEqual(['BTC-USD']);
    expect(config.venue).toEqual({ kind: 'embedded-simulator', seed: 1 });
    expect(config.logFormat).toBe('pretty');
    expect(config.durationSeconds).toBeUndefined();
    expect(config.summaryJsonPath).toBeUndefined();
    expect(config.journalPath).toBeUndefined();
    expect(config.risk.maxOrderNotional.toString()).toBe('1000');
    expect(config.risk.maxOpenOrders).toBe(10);
    expect(config.secrets.size).toBe(0);
  });

  it('looks an unclear placement up for 12 s before it may be resent, unless told otherwise', () => {
    expect(run([]).placementLookupWindowSeconds).toBe(12);
    expect(run(['--placement-lookup-window', '4']).placementLookupWindowSeconds).toBe(4);
    expect(run([], { TRADELOOP_PLACEMENT_LOOKUP_WINDOW: '6' }).placementLookupWindowSeconds).toBe(6);
    expect(run([]).journalCompactAboveBytes).toBe(1024 * 1024);
    expect(run(['--journal-compact-above', '4']).journalCompactAboveBytes).toBe(4096);
    expect(run([], { TRADELOOP_JOURNAL_COMPACT_ABOVE: 'off' }).journalCompactAboveBytes).toBeUndefined();
    expect(() => run(['--journal-compact-above', '-1'])).toThrow(/journal-compact-above/);
    expectOneSentence(failure(['--placement-lookup-window', '0']).message);
  });

  it('prints help generated from the options table', () => {
    const command = parseCommand(['--help'], {}, base);
    expect(command.kind).toBe('help');
    const text = command.kind === 'help' ? command.text : '';
    for (const name of Object.keys(OPTIONS)) expect(text).toContain(`--${name}`);
    expect(text).toBe(helpText());
  });
});

describe('flags and their environment equivalents', () => {
  it('reads every flag', () => {
    const config = run([
      '--strategy',
      'trend-follower',
      '--products',
      'BTC-USD, ETH-USD,BTC-USD',
      '--max-order-notional',
      '99.5',
      '--max-position',
      '0.25',
      '--max-open-orders',
      '4',
      '--daily-loss-limit',
      '12.75',
      '--duration',
      '2.5',
      '--summary-json',
      'out/summary.json',
      '--log-format',
      'json',
      '--journal',
      '/var/lib/bot/journal.jsonl',
      '--status-interval',
      '1',
      '--seed',
      '42',
      '--param',
      'spread=0.002',
      '--param',
      'levels=2',
    ]);
    expect(config.strategy).toBe('trend-follower');
    expect(config.products).toEqual(['BTC-USD', 'ETH-USD']);
    expect(config.risk.maxOrderNotional.toString()).toBe('99.5');
    expect(config.risk.maxPosition.toString()).toBe('0.25');
    expect(config.risk.maxOpenOrders).toBe(4);
    expect(config.risk.dailyLossLimit.toString()).toBe('12.75');
    expect(config.durationSeconds).toBe(2.5);
    expect(config.summaryJsonPath).toBe('/home/trader/bots/out/summary.json');
    expect(config.logFormat).toBe('json');
    expect(config.journalPath).toBe('/var/lib/bot/journal.jsonl');
    expect(config.statusIntervalSeconds).toBe(1);
    expect(config.venue).toEqual({ kind: 'embedded-simulator', seed: 42 });
    expect(config.strategyParameters).toEqual({ spread: '0.002', levels: '2' });
  });

  it('falls back to the environment, and a flag wins over it', () => {
    const env = {
      TRADELOOP_PRODUCTS: 'ETH-USD',
      TRADELOOP_DURATION: '30',
      TRADELOOP_LOG_FORMAT: 'json',
      TRADELOOP_PARAMS: 'spread=0.001, size=0.01',
      TRADELOOP_MAX_OPEN_ORDERS: '3',
    };
    const fromEnv = run([], env);
    expect(fromEnv.products).toEqual(['ETH-USD']);
    expect(fromEnv.durationSeconds).toBe(30);
    expect(fromEnv.logFormat).toBe('json');
    expect(fromEnv.strategyParameters).toEqual({ spread: '0.001', size: '0.01' });
    expect(fromEnv.risk.maxOpenOrders).toBe(3);
    const flagged = run(['--products', 'BTC-USD', '--duration', '5', '--param', 'spread=0.5'], env);
    expect(flagged.products).toEqual(['BTC-USD']);
    expect(flagged.durationSeconds).toBe(5);
    expect(flagged.strategyParameters).toEqual({ spread: '0.5' });
  });

  it('accepts --flag=value and a leading "--" separator from pnpm', () => {
    expect(run(['--', '--duration=7']).durationSeconds).toBe(7);
  });

  it('keeps built-in strategy names and package names, and makes paths absolute', () => {
    expect(run(['--strategy', 'market-maker']).strategy).toBe('market-maker');
    expect(run(['--strategy', '@acme/grid-strategy']).strategy).toBe('@acme/grid-strategy');
    expect(run(['--strategy', './my-strategy.ts']).strategy).toBe('/home/trader/bots/my-strategy.ts');
    expect(run(['--strategy', 'strategies/mine.js']).strategy).toBe('/home/trader/bots/strategies/mine.js');
    expect(run(['--strategy', '/opt/s.mjs']).strategy).toBe('/opt/s.mjs');
  });
});

describe('venue selection', () => {
  it('uses the Coinbase sandbox when credentials are set', () => {
    const config = run([], credentialsEnv);
    expect(config.venue.kind).toBe('coinbase');
    if (config.venue.kind !== 'coinbase') return;
    expect(config.venue.environment).toBe('sandbox');
    expect(config.venue.restUrl).toBe(COINBASE_HOSTS.sandbox.restUrl);
    expect(config.venue.wsUrl).toBe(COINBASE_HOSTS.sandbox.wsUrl);
    expect(config.secrets.size).toBe(2);
    expect(config.secrets.scrub(`a ${apiSecret} b correct horse battery`)).toBe('a [redacted] b [redacted]');
    // The configuration prints without them, however it is printed.
    for (const printed of [JSON.stringify(config), inspect(config, { depth: 10 }), String(config.secrets)]) {
      expect(printed).not.toContain(apiSecret);
      expect(printed).not.toContain('correct horse battery');
    }
    expect(config.journalPath).toBe('/home/trader/bots/.tradeloop/journal-sandbox.jsonl');
  });

  it('uses production only with COINBASE_ENV=production and --live together', () => {
    const config = run(['--live'], { ...credentialsEnv, COINBASE_ENV: 'production' });
    expect(config.venue.kind === 'coinbase' && config.venue.restUrl).toBe(COINBASE_HOSTS.production.restUrl);
    expect(failure([], { ...credentialsEnv, COINBASE_ENV: 'production' }).message).toContain('--live');
    expect(failure(['--live'], credentialsEnv).message).toContain('COINBASE_ENV=production');
    expect(failure(['--live']).message).toContain('no credentials');
  });

  it('points at any compatible server through COINBASE_REST_URL and COINBASE_WS_URL', () => {
    const config = run([], {
      ...credentialsEnv,
      COINBASE_REST_URL: 'http://127.0.0.1:4100/',
      COINBASE_WS_URL: 'ws://127.0.0.1:4100',
    });
    expect(config.venue).toMatchObject({
      kind: 'coinbase',
      environment: 'custom',
      restUrl: 'http://127.0.0.1:4100',
      wsUrl: 'ws://127.0.0.1:4100',
    });
    expect(config.journalPath).toBe('/home/trader/bots/.tradeloop/journal-custom-127.0.0.1-4100.jsonl');
  });

  const productionUrls = [
    ['the production hosts', 'https://api.exchange.coinbase.com', 'wss://ws-feed.exchange.coinbase.com'],
    [
      'upper case and trailing dots',
      'HTTPS://API.EXCHANGE.COINBASE.COM.',
      'WSS://WS-FEED.EXCHANGE.COINBASE.COM.',
    ],
    [
      'default ports and paths',
      'https://api.exchange.coinbase.com:443/',
      'wss://ws-direct.exchange.coinbase.com:443/',
    ],
    ['production REST with a local feed', 'https://api.exchange.coinbase.com', 'ws://127.0.0.1:4100'],
    ['a local REST with the production feed', 'http://127.0.0.1:4100', 'wss://ws-feed.exchange.coinbase.com'],
    ['Advanced Trade hosts', 'https://api.coinbase.com', 'wss://advanced-trade-ws.coinbase.com'],
  ] as const;

  it.each(productionUrls)('needs --live when the URLs reach production (%s)', (_case, restUrl, wsUrl) => {
    const urls = { ...credentialsEnv, COINBASE_REST_URL: restUrl, COINBASE_WS_URL: wsUrl };
    for (const env of [urls, { ...urls, COINBASE_ENV: 'sandbox' }, { ...urls, COINBASE_ENV: 'production' }]) {
      const error = failure([], env);
      expect(error.message).toMatch(/--live|COINBASE_ENV/);
      expectOneSentence(error.message);
    }
  });

  it('refuses a COINBASE_ENV that does not match the URLs, even with --live', () => {
    const production = {
      ...credentialsEnv,
      COINBASE_REST_URL: 'https://api.exchange.coinbase.com',
      COINBASE_WS_URL: 'wss://ws-feed.exchange.coinbase.com',
    };
    const sandboxSaysProduction = failure(['--live'], { ...production, COINBASE_ENV: 'sandbox' });
    expect(sandboxSaysProduction.message).toContain('COINBASE_ENV=sandbox');
    expectOneSentence(sandboxSaysProduction.message);
    const sandboxUrls = {
      ...credentialsEnv,
      COINBASE_ENV: 'production',
      COINBASE_REST_URL: COINBASE_HOSTS.sandbox.restUrl,
      COINBASE_WS_URL: COINBASE_HOSTS.sandbox.wsUrl,
    };
    expectOneSentence(failure(['--live'], sandboxUrls).message);
    expect(failure(['--live'], sandboxUrls).message).toContain('sandbox');
    const mixed = failure(['--live'], {
      ...credentialsEnv,
      COINBASE_REST_URL: 'https://api.exchange.coinbase.com',
      COINBASE_WS_URL: COINBASE_HOSTS.sandbox.wsUrl,
    });
    expectOneSentence(mixed.message);
  });

  it('trades production through the URLs with --live, in the one production journal', () => {
    const viaEnvironment = run(['--live'], { ...credentialsEnv, COINBASE_ENV: 'production' });
    for (const env of [
      {
        COINBASE_REST_URL: 'HTTPS://API.EXCHANGE.COINBASE.COM.:443/',
        COINBASE_WS_URL: 'wss://ws-feed.exchange.coinbase.com',
      },
      {
        COINBASE_ENV: 'production',
        COINBASE_REST_URL: 'https://api.exchange.coinbase.com',
        COINBASE_WS_URL: 'wss://ws-feed.exchange.coinbase.com/',
      },
    ]) {
      const config = run(['--live'], { ...credentialsEnv, ...env });
      expect(config.venue).toMatchObject({ kind: 'coinbase', environment: 'production' });
      expect(config.journalPath).toBe(viaEnvironment.journalPath);
    }
    const sandboxByUrl = run([], {
      ...credentialsEnv,
      COINBASE_REST_URL: 'https://API-PUBLIC.SANDBOX.EXCHANGE.COINBASE.COM',
      COINBASE_WS_URL: COINBASE_HOSTS.sandbox.wsUrl,
    });
    expect(sandboxByUrl.venue).toMatchObject({ kind: 'coinbase', environment: 'sandbox' });
    expect(sandboxByUrl.journalPath).toBe(run([], credentialsEnv).journalPath);
    const localhostTwoWays = [
      run([], {
        ...credentialsEnv,
        COINBASE_REST_URL: 'http://LOCALHOST:4100/',
        COINBASE_WS_URL: 'ws://localhost:4100',
      }),
      run([], {
        ...credentialsEnv,
        COINBASE_REST_URL: 'http://localhost.:4100',
        COINBASE_WS_URL: 'ws://localhost:4100',
      }),
    ];
    expect(localhostTwoWays[0]?.journalPath).toBe(localhostTwoWays[1]?.journalPath);
  });

  it.each([
    [{ COINBASE_REST_URL: 'http://127.0.0.1:1' }, 'no credentials'],
    [
      { ...credentialsEnv, COINBASE_REST_URL: 'http://127.0.0.1:1' },
      'COINBASE_REST_URL is set without COINBASE_WS_URL',
    ],
    [
      { ...credentialsEnv, COINBASE_REST_URL: 'ftp://x', COINBASE_WS_URL: 'ws://x' },
      'COINBASE_REST_URL must be',
    ],
    [
      { ...credentialsEnv, COINBASE_REST_URL: 'http://x', COINBASE_WS_URL: 'http://x' },
      'COINBASE_WS_URL must be',
    ],
    [{ ...credentialsEnv, COINBASE_ENV: 'staging' }, 'COINBASE_ENV must be sandbox or production'],
  ])('rejects an inconsistent endpoint setting %#', (env, expected) => {
    const error = failure([], env);
    expect(error.message).toContain(expected);
    expectOneSentence(error.message);
  });
});

describe('configuration errors are one sentence that says how to fix them', () => {
  it.each([
    [['--duration', 'soon'], '--duration (or TRADELOOP_DURATION) must be a positive number of seconds'],
    [['--duration', '0'], 'positive number of seconds'],
    [['--max-order-notional', '-5'], 'must be joined to it, as in --max-order-notional=-5'],
    [['--max-order-notional=-5'], 'positive decimal number'],
    [['--max-order-notional', '1e3'], 'positive decimal number'],
    [['--max-position', '0'], 'positive decimal number'],
    [['--max-open-orders', '2.5'], 'whole number'],
    [['--max-open-orders', '0'], 'whole number'],
    [['--log-format', 'xml'], 'pretty or json'],
    [['--products', 'btc-usd'], 'product ids are upper-case: BTC-USD'],
    [['--products', 'BTCUSD'], 'not a product id like BTC-USD'],
    [['--products', ','], 'comma-separated list'],
    [['--param', 'spread'], 'name=value'],
    [['--seed', 'x'], 'whole number'],
    [['--frobnicate'], 'Unknown option --frobnicate'],
    [['--duration'], 'Option --duration needs a value; write it as --duration <seconds>'],
    [['--live=yes'], 'Option --live is a switch'],
    [['BTC-USD'], 'Unexpected argument "BTC-USD"'],
  ])('%j', (argv, expected) => {
    const error = failure(argv);
    expect(error.code).toBe('invalid_configuration');
    expect(error.message).toContain(expected);
    expectOneSentence(error.message);
  });

  it('names the credential variable at fault and never echoes secret values', () => {
    const badSecret = 'not base64 at all!';
    const error = failure([], { ...credentialsEnv, COINBASE_API_SECRET: badSecret });
    expect(error.message).toContain('COINBASE_API_SECRET');
    expect(error.message).not.toContain(badSecret);
    expect(error.message).not.toContain(credentialsEnv.COINBASE_API_PASSPHRASE);
    expectOneSentence(error.message);
    const missing = failure([], { COINBASE_API_KEY: credentialsEnv.COINBASE_API_KEY });
    expect(missing.message).toContain('COINBASE_API_SECRET');
  });
});
