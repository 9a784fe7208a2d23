import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { CdpJwtSigner } from './cdp-jwt.js';
import {
  createCdpCredentials,
  createExchangeCredentials,
  credentialsFromEnv,
  exchangeCredentialsFromEnv,
} from './credentials.js';
import { type CredentialProblem, CredentialsError } from './errors.js';
import { ExchangeSigner } from './exchange-signer.js';

// Known secret material: the test asserts none of it ever appears in any output.
const apiSecret = Buffer.from('tradeloop-known-secret-material-that-must-never-print-0123456789').toString(
  'base64',
);
const passphrase = 'known-passphrase-never-print';
const apiKey = '0123456789abcdef0123456789abcdef';
const ecPrivatePem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'sec1', format: 'pem' })
  .toString();
const ecBody = ecPrivatePem.split('\n')[1] as string;
const secrets = [
  apiSecret,
  passphrase,
  ecBody,
  apiSecret.slice(0, 20),
  Buffer.from(apiSecret, 'base64').toString('hex'),
];

function everyRendering(value: unknown): string {
  const renderings = [
    String(value),
    inspect(value, { depth: 10, showHidden: true }),
    JSON.stringify(value) ?? '',
  ];
  if (value instanceof Error) {
    renderings.push(value.message, value.stack ?? '', inspect(value.cause, { depth: 10, showHidden: true }));
  }
  return renderings.join('\n');
}

function expectNoSecret(output: string) {
  for (const secret of secrets) expect(output).not.toContain(secret);
}

function captureError(action: () => unknown): CredentialsError {
  try {
    action();
  } catch (error) {
    if (CredentialsError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a CredentialsError, none was thrown');
}

describe('createExchangeCredentials', () => {
  it('builds credentials that sign', () => {
    const credentials = createExchangeCredentials({ apiKey, apiSecret, passphrase });
    expect(credentials.kind).toBe('exchange');
    expect(credentials.hasPassphrase).toBe(true);
    const headers = new ExchangeSigner(credentials).sign({ method: 'GET', requestPath: '/accounts' });
    expect(headers['CB-ACCESS-SIGN']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  // Test names print only the case name, variable and problem: never the (secret) input.
  const failures: Array<
    [string, string, CredentialProblem, Partial<{ apiKey: string; apiSecret: string; passphrase: string }>]
  > = [
    ['missing key', 'apiKey', 'missing', { apiKey: '' }],
    ['missing secret', 'apiSecret', 'missing', { apiSecret: '' }],
    [
      'secret with a trailing newline',
      'apiSecret',
      'surrounding_whitespace',
      { apiSecret: `${apiSecret}\n` },
    ],
    ['secret in quotes', 'apiSecret', 'surrounding_quotes', { apiSecret: `"${apiSecret}"` }],
    ['passphrase in quotes', 'passphrase', 'surrounding_quotes', { passphrase: `'${passphrase}'` }],
    ['passphrase with spaces', 'passphrase', 'surrounding_whitespace', { passphrase: ` ${passphrase}` }],
    ['secret not base64', 'apiSecret', 'not_base64', { apiSecret: `${apiSecret.slice(0, 40)}-_-_` }],
    ['secret truncated', 'apiSecret', 'unusual_length', { apiSecret: apiSecret.slice(0, 24) }],
    [
      'PEM where the secret belongs',
      'apiSecret',
      'pem_instead_of_hmac_secret',
      { apiSecret: ecPrivatePem.trim() },
    ],
    [
      'CDP key name where the key belongs',
      'apiKey',
      'cdp_key_name_instead_of_exchange_key',
      { apiKey: 'organizations/abc/apiKeys/def' },
    ],
  ];

  it.each(failures)(
    '%s → typed error naming %s (%s), never echoing the value',
    (_name, variable, problem, override) => {
      const error = captureError(() =>
        createExchangeCredentials({ apiKey, apiSecret, passphrase, ...override }),
      );
      expect(error.code).toBe('invalid_credentials');
      expect(error.variable).toBe(variable);
      expect(error.problem).toBe(problem);
      expect(error.message.startsWith(`${variable}:`)).toBe(true);
      expect(error.message).toMatch(/expected .+ received/);
      expect(error.cause).toBeUndefined();
      expectNoSecret(everyRendering(error));
    },
  );
});

describe('credentials from the environment', () => {
  it('names the environment variable in errors', () => {
    const error = captureError(() =>
      exchangeCredentialsFromEnv({ COINBASE_API_KEY: apiKey, COINBASE_API_SECRET: `${apiSecret} ` }),
    );
    expect(error.variable).toBe('COINBASE_API_SECRET');
    expect(error.message).toMatch(/^COINBASE_API_SECRET: /);
    expectNoSecret(everyRendering(error));
  });

  it('reports a missing variable when only some are set', () => {
    const error = captureError(() => exchangeCredentialsFromEnv({ COINBASE_API_KEY: apiKey }));
    expect(error.variable).toBe('COINBASE_API_SECRET');
    expect(error.problem).toBe('missing');
  });

  it('returns undefined when nothing is set, and detects the key kind', () => {
    expect(credentialsFromEnv({})).toBeUndefined();
    expect(
      credentialsFromEnv({
        COINBASE_API_KEY: apiKey,
        COINBASE_API_SECRET: apiSecret,
        COINBASE_API_PASSPHRASE: passphrase,
      })?.kind,
    ).toBe('exchange');
    expect(
      credentialsFromEnv({
        COINBASE_CDP_KEY_NAME: 'organizations/o/apiKeys/k',
        COINBASE_CDP_PRIVATE_KEY: ecPrivatePem.replaceAll('\n', '\\n'),
      })?.kind,
    ).toBe('cdp');
  });
});

describe('createCdpCredentials', () => {
  const cdpFailures: Array<[string, CredentialProblem, { keyName: string; privateKey: string }]> = [
    ['missing key name', 'missing', { keyName: '', privateKey: ecPrivatePem }],
    [
      'Exchange key as key name',
      'exchange_key_instead_of_cdp_key_name',
      { keyName: apiKey, privateKey: ecPrivatePem },
    ],
    ['missing private key', 'missing', { keyName: 'organizations/o/apiKeys/k', privateKey: '' }],
    [
      'HMAC secret where the PEM belongs',
      'hmac_secret_instead_of_pem',
      { keyName: 'organizations/o/apiKeys/k', privateKey: apiSecret.slice(0, 40) },
    ],
    [
      'broken PEM',
      'invalid_private_key',
      { keyName: 'organizations/o/apiKeys/k', privateKey: ecPrivatePem.replace(ecBody, ecBody.slice(0, 30)) },
    ],
    [
      'RSA key',
      'unsupported_key_type',
      {
        keyName: 'organizations/o/apiKeys/k',
        privateKey: generateKeyPairSync('rsa', { modulusLength: 1024 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      },
    ],
  ];

  it.each(cdpFailures)('%s → %s', (_name, problem, input) => {
    const error = captureError(() => createCdpCredentials(input));
    expect(error.problem).toBe(problem);
    expect(error.cause).toBeUndefined();
    expectNoSecret(everyRendering(error));
  });
});

describe('redaction', () => {
  it('credentials print redacted through toString, JSON, inspect and console.log', () => {
    const exchange = createExchangeCredentials({ apiKey, apiSecret, passphrase });
    const cdp = createCdpCredentials({ keyName: 'organizations/o/apiKeys/k', privateKey: ecPrivatePem });
    const logged: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      logged.push(String(chunk));
      return true;
    });
    try {
      console.log(exchange, cdp);
      console.log(`${exchange}`, { nested: { exchange, cdp } });
    } finally {
      spy.mockRestore();
    }
    const output = [
      everyRendering(exchange),
      everyRendering(cdp),
      everyRendering({ exchange, cdp }),
      ...logged,
    ].join('\n');
    expect(output).toContain('[redacted]');
    expect(output).toContain('…cdef');
    expect(output).not.toContain(apiKey);
    expectNoSecret(output);
    expect(JSON.parse(JSON.stringify(exchange))).toEqual({
      kind: 'exchange',
      apiKey: '…cdef',
      apiSecret: '[redacted]',
      passphrase: '[redacted]',
    });
    expect(Object.keys(exchange)).not.toContain('secretKey');
  });

  it('signed output exposes only the signature, never the secret', () => {
    const exchange = createExchangeCredentials({ apiKey, apiSecret, passphrase: '' });
    const headers = new ExchangeSigner(exchange).sign({ method: 'POST', requestPath: '/orders', body: '{}' });
    const token = new CdpJwtSigner(
      createCdpCredentials({ keyName: 'organizations/o/apiKeys/k', privateKey: ecPrivatePem }),
    ).signWebSocket();
    expectNoSecret(
      JSON.stringify(headers) + token + inspect(new ExchangeSigner(exchange), { showHidden: true }),
    );
  });
});
