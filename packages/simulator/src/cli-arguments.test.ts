import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArguments } from './cli-arguments.js';

const parse = (args: string[], env: Record<string, string> = {}) => parseCliArguments(args, env);

describe('parseCliArguments', () => {
  it('maps every flag to a simulator option', () => {
    expect(
      parse([
        '--port=8080',
        '--host',
        '0.0.0.0',
        '--seed',
        '9',
        '--products',
        'BTC-USD, ETH-USD',
        '--balances',
        'usd=100000,BTC=10.5',
        '--faults',
        'chaos',
        '--rate-limits',
        'off',
        '--market',
        'on',
        '--speed',
        '2.5',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        port: 8080,
        host: '0.0.0.0',
        seed: 9,
        products: ['BTC-USD', 'ETH-USD'],
        balances: { USD: '100000', BTC: '10.5' },
        faults: 'chaos',
        rateLimits: false,
        market: { enabled: true, speed: 2.5 },
      },
    });
  });

  it('returns help for --help and -h', () => {
    expect(parse(['--help'])).toEqual({ kind: 'help' });
    expect(parse(['-h'])).toEqual({ kind: 'help' });
  });

  it('takes credentials from flags or SIM_API_* (flags win)', () => {
    const env = { SIM_API_KEY: 'env-key', SIM_API_SECRET: 'ZW52', SIM_API_PASSPHRASE: 'env-pass' };
    expect(parse([], env)).toEqual({
      kind: 'run',
      options: { credentials: { apiKey: 'env-key', apiSecret: 'ZW52', passphrase: 'env-pass' } },
    });
    const mixed = parse(['--api-key', 'flag-key'], env);
    expect(mixed.kind === 'run' && mixed.options.credentials?.apiKey).toBe('flag-key');
  });

  it.each([
    [['--rate-limits', 'maybe'], '--rate-limits expects on or off, received "maybe".'],
    [['--market', 'yes'], '--market expects on or off, received "yes".'],
    [
      ['--faults', 'mayhem'],
      /^--faults expects one of none, flaky-connections, gaps, slow, server-errors, lost-responses, slow-placements, 2xx-garbage, header-echo, chaos/,
    ],
    [
      ['--balances', 'USD:100'],
      '--balances expects CURRENCY=AMOUNT pairs such as USD=100000,BTC=10, received "USD:100".',
    ],
    [['--balances', 'USD=-5'], /--balances expects CURRENCY=AMOUNT/],
    [['--port', '70000'], '--port expects an integer from 0 to 65535, received "70000".'],
    [['--seed', '1.5'], /--seed expects an integer/],
    [['--speed', '0'], '--speed expects a positive number, received "0".'],
    [['--products', ' , '], '--products expects product ids such as BTC-USD,ETH-USD.'],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], "Unexpected argument 'extra' (see --help)."],
    [['--api-key', 'k'], /need all three/],
  ])('refuses %j with one sentence', (args, message) => {
    expect(() => parse(args)).toThrow(CliUsageError);
    expect(() => parse(args)).toThrow(message);
  });
});
