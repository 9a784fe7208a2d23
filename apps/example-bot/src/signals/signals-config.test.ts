import { describe, expect, it } from 'vitest';
import { type BotConfig, parseCommand } from '../config.js';
import { ConfigError } from '../config-error.js';

const base = '/home/trader/bots';
const secret = 'a-signals-secret-of-some-length';
const env = { TRADELOOP_SIGNALS_SECRET: secret };

function run(argv: string[], environment: Record<string, string> = env): BotConfig {
  const command = parseCommand(argv, environment, base);
  if (command.kind !== 'run') throw new Error('expected a run command');
  return command.config;
}

function failure(argv: string[], environment: Record<string, string> = env): string {
  try {
    parseCommand(argv, environment, base);
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the --signals-* options', () => {
  it('asks for no intake by default', () => {
    expect(run([]).signals).toBeUndefined();
  });

  it('reads the address, the secret from the environment, and keeps the id store beside the journal', () => {
    const config = run([
      '--strategy',
      'signal-follower',
      '--signals-listen',
      '127.0.0.1:0',
      '--journal',
      'state/j.jsonl',
    ]);
    expect(config.strategy).toBe('signal-follower');
    expect(config.signals).toEqual({
      host: '127.0.0.1',
      port: 0,
      secret,
      tls: undefined,
      insecure: false,
      storePath: '/home/trader/bots/state/j.signals.jsonl',
    });
    // The signals secret is scrubbed from every sink, like the API secret.
    expect(config.secrets.scrub(`header ${secret} echoed`)).toBe('header [redacted] echoed');
    expect(run(['--signals-listen', '[::1]:8787']).signals).toMatchObject({
      host: '::1',
      port: 8787,
      storePath: undefined,
    });
    expect(run([], { ...env, TRADELOOP_SIGNALS_LISTEN: 'localhost:9000' }).signals).toMatchObject({
      port: 9000,
    });
  });

  it('needs TLS or --signals-insecure on an address that is not loopback', () => {
    expect(failure(['--signals-listen', '0.0.0.0:443'])).toContain('not a loopback address');
    expect(run(['--signals-listen', '0.0.0.0:8787', '--signals-insecure']).signals).toMatchObject({
      insecure: true,
    });
    expect(
      run([
        '--signals-listen',
        '0.0.0.0:443',
        '--signals-tls-cert',
        'tls/cert.pem',
        '--signals-tls-key',
        'tls/key.pem',
      ]).signals?.tls,
    ).toEqual({ certPath: '/home/trader/bots/tls/cert.pem', keyPath: '/home/trader/bots/tls/key.pem' });
  });

  it.each([
    [['--signals-listen', '127.0.0.1:8787'], {}, 'TRADELOOP_SIGNALS_SECRET'],
    [['--signals-listen', '127.0.0.1:8787'], { TRADELOOP_SIGNALS_SECRET: 'short' }, 'it is 5 characters'],
    [['--signals-listen', '8787'], env, 'must be host:port'],
    [['--signals-listen', '127.0.0.1:99999'], env, 'must be host:port'],
    [
      ['--signals-listen', '127.0.0.1:1', '--signals-tls-cert', 'c.pem'],
      env,
      'both --signals-tls-cert and --signals-tls-key',
    ],
    [['--signals-insecure'], env, 'only apply with --signals-listen'],
    [['--strategy', 'signal-follower'], env, 'needs --signals-listen'],
  ])('refuses %j in one sentence, never echoing the secret', (argv, environment, expected) => {
    const message = failure(argv, environment as Record<string, string>);
    expect(message).toContain(expected);
    expect(message).toMatch(/\.$/);
    expect(message).not.toContain(secret);
  });
});
