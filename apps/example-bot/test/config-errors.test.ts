import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot } from './support/bot-process.js';

let simulator: RunningSimulator;
beforeAll(async () => {
  simulator = await startSimulator({ port: 0, market: { enabled: false } });
});
afterAll(async () => {
  await simulator.stop();
});

function simulatorEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    COINBASE_API_KEY: simulator.credentials.apiKey,
    COINBASE_API_SECRET: simulator.credentials.apiSecret,
    COINBASE_API_PASSPHRASE: simulator.credentials.passphrase,
    COINBASE_REST_URL: simulator.restUrl,
    COINBASE_WS_URL: simulator.wsUrl,
    ...overrides,
  };
}

/** One line on stderr, nothing that looks like a stack frame, a non-zero exit, and nothing placed. */
function expectOneSentence(
  exit: { exitCode: number | null; stderr: string; stdout: string },
  expected: string,
) {
  expect(exit.exitCode).toBe(2);
  const lines = exit.stderr.trimEnd().split('\n');
  expect(lines, exit.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^example-bot: .+\.$/);
  expect(lines[0]).toContain(expected);
  expect(exit.stderr).not.toMatch(/\n\s+at /);
  expect(exit.stdout).not.toContain('order-placed');
}

describe('configuration mistakes end with one sentence and a non-zero exit', () => {
  it.concurrent('a bad flag value', async () => {
    const exit = await runBot(['--max-open-orders', 'lots'], {}, 30_000);
    expectOneSentence(exit, '--max-open-orders (or TRADELOOP_MAX_OPEN_ORDERS) must be a whole number');
    expect(exit.stdout).toBe('');
  }, 45_000);

  it.concurrent('an unknown product', async () => {
    const exit = await runBot(['--products', 'DOGE-EUR', '--duration', '1'], simulatorEnv(), 40_000);
    expectOneSentence(exit, 'Product DOGE-EUR is not offered by the server at COINBASE_REST_URL');
  }, 45_000);

  it.concurrent('credentials the exchange refuses', async () => {
    const wrongSecret = randomBytes(64).toString('base64');
    const exit = await runBot(
      ['--duration', '1'],
      simulatorEnv({ COINBASE_API_SECRET: wrongSecret }),
      40_000,
    );
    expectOneSentence(exit, 'COINBASE_API_SECRET does not belong to COINBASE_API_KEY');
    expect(`${exit.stdout}${exit.stderr}`).not.toContain(wrongSecret);
  }, 45_000);

  it.concurrent('URLs that reach Coinbase production without --live, even with COINBASE_ENV=sandbox', async () => {
    const exit = await runBot(
      ['--duration', '1'],
      simulatorEnv({
        COINBASE_ENV: 'sandbox',
        COINBASE_REST_URL: 'https://API.EXCHANGE.COINBASE.COM.:443',
        COINBASE_WS_URL: 'wss://ws-feed.exchange.coinbase.com',
      }),
      40_000,
    );
    expectOneSentence(exit, 'COINBASE_ENV=sandbox does not match COINBASE_REST_URL and COINBASE_WS_URL');
    const withoutEnvironment = await runBot(
      ['--duration', '1'],
      simulatorEnv({
        COINBASE_REST_URL: 'https://api.exchange.coinbase.com',
        COINBASE_WS_URL: 'wss://ws-feed.exchange.coinbase.com',
      }),
      40_000,
    );
    expectOneSentence(withoutEnvironment, 'needs the --live flag');
  }, 60_000);

  it.concurrent('an unknown strategy parameter', async () => {
    const exit = await runBot(['--param', 'sprad=0.001'], simulatorEnv(), 40_000);
    expectOneSentence(exit, 'The market-maker strategy refuses its parameters (unknown parameter sprad');
  }, 45_000);

  it.concurrent('a strategy that cannot be found', async () => {
    const exit = await runBot(['--strategy', './no-such-strategy.ts'], simulatorEnv(), 40_000);
    expectOneSentence(exit, 'The strategy could not be loaded');
  }, 45_000);

  it.concurrent('a key of the other API, or an Advanced Trade key for Coinbase without --live', async () => {
    const exchangeKeyOnAdvancedTrade = await runBot(
      ['--duration', '1'],
      simulatorEnv({ COINBASE_API: 'advanced-trade' }),
      40_000,
    );
    expectOneSentence(
      exchangeKeyOnAdvancedTrade,
      'holds a Coinbase Exchange key, but the bot was asked for Advanced Trade',
    );
    const advancedTradeKey = {
      COINBASE_API_KEY: simulator.advancedTrade.keyName,
      COINBASE_API_SECRET: simulator.advancedTrade.privateKey,
    };
    const advancedTradeKeyOnExchange = await runBot(
      ['--duration', '1', '--api', 'exchange'],
      advancedTradeKey,
      40_000,
    );
    expectOneSentence(advancedTradeKeyOnExchange, 'hold an Advanced Trade (CDP) key');
    const noSandbox = await runBot(['--duration', '1'], advancedTradeKey, 40_000);
    expectOneSentence(noSandbox, 'Advanced Trade has no sandbox');
    for (const exit of [advancedTradeKeyOnExchange, noSandbox])
      expect(`${exit.stdout}${exit.stderr}`).not.toContain(simulator.advancedTrade.privateKey.split('\n')[1]);
  }, 60_000);

  it.concurrent('an Advanced Trade key the venue does not know', async () => {
    const strangerKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'sec1', format: 'pem' })
      .toString();
    const exit = await runBot(
      ['--duration', '1'],
      {
        COINBASE_API_KEY: simulator.advancedTrade.keyName,
        COINBASE_API_SECRET: strangerKey,
        COINBASE_REST_URL: simulator.advancedTrade.restUrl,
        COINBASE_WS_URL: simulator.advancedTrade.wsUrl,
        COINBASE_USER_WS_URL: simulator.advancedTrade.userWsUrl,
      },
      40_000,
    );
    expectOneSentence(exit, 'refused the key (401 Unauthorized)');
    expect(`${exit.stdout}${exit.stderr}`).not.toContain(strangerKey.split('\n')[1]);
  }, 45_000);
});
