import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '@tradeloop/clock';
import { describe, expect, it } from 'vitest';
import { ExchangeClock } from './clock.js';
import { createExchangeCredentials } from './credentials.js';
import { ExchangeSigner, WEBSOCKET_AUTH_PATH } from './exchange-signer.js';

interface VectorCase {
  name: string;
  secret: string;
  timestamp: string;
  method: string;
  requestPath: string;
  body: string;
  prehash: string;
  signature: string;
}

// The independently computed vectors, copied byte for byte from shared/vectors (a test below
// checks the copy still matches whenever the shared folder sits beside the repository).
const fixturePath = fileURLToPath(new URL('./__fixtures__/coinbase-exchange-hmac.json', import.meta.url));
const sharedPath = fileURLToPath(
  new URL('../../../../shared/vectors/coinbase-exchange-hmac.json', import.meta.url),
);
const vectors = (JSON.parse(readFileSync(fixturePath, 'utf8')) as { cases: VectorCase[] }).cases;

describe('Coinbase Exchange HMAC vectors', () => {
  it('has the whole vector file, identical to the shared copy', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(42);
    if (existsSync(sharedPath))
      expect(readFileSync(fixturePath, 'utf8')).toBe(readFileSync(sharedPath, 'utf8'));
  });

  it.each(vectors.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    const signer = new ExchangeSigner(
      createExchangeCredentials({
        apiKey: 'vector-key',
        apiSecret: vector.secret,
        passphrase: 'vector-pass',
      }),
    );
    const headers = signer.sign({
      method: vector.method,
      requestPath: vector.requestPath,
      body: vector.body,
      timestamp: vector.timestamp,
    });
    expect(headers).toEqual({
      'CB-ACCESS-KEY': 'vector-key',
      'CB-ACCESS-SIGN': vector.signature,
      'CB-ACCESS-TIMESTAMP': vector.timestamp,
      'CB-ACCESS-PASSPHRASE': 'vector-pass',
    });
  });

  it('signs like createHmac for every secret length credentials accept, shorter and longer than a SHA-256 block', () => {
    for (const secretBytes of [32, 63, 64, 65, 100, 128]) {
      const secret = randomBytes(secretBytes);
      const signer = new ExchangeSigner(
        createExchangeCredentials({ apiKey: 'key', apiSecret: secret.toString('base64'), passphrase: 'p' }),
      );
      for (const body of ['', '{"size":"0.001","note":"é€"}']) {
        const { 'CB-ACCESS-SIGN': signature } = signer.sign({
          method: 'POST',
          requestPath: '/orders',
          body,
          timestamp: '1700000000',
        });
        const expected = createHmac('sha256', secret)
          .update(`1700000000POST/orders${body}`, 'utf8')
          .digest('base64');
        expect(signature).toBe(expected);
      }
    }
  });

  it('signs WebSocket subscriptions over timestamp + GET + /users/self/verify', () => {
    const vector = vectors.find((candidate) => candidate.requestPath === WEBSOCKET_AUTH_PATH);
    if (!vector) throw new Error('the vector file has no /users/self/verify case');
    const signer = new ExchangeSigner(
      createExchangeCredentials({ apiKey: 'ws-key', apiSecret: vector.secret, passphrase: 'p' }),
    );
    expect(signer.signWebSocket(vector.timestamp)).toEqual({
      key: 'ws-key',
      passphrase: 'p',
      timestamp: vector.timestamp,
      signature: vector.signature,
    });
  });
});

describe('ExchangeSigner', () => {
  const apiSecret = Buffer.alloc(64, 7).toString('base64');

  it('always sends CB-ACCESS-PASSPHRASE, empty when the key has none', () => {
    const signer = new ExchangeSigner(createExchangeCredentials({ apiKey: 'k', apiSecret }));
    const headers = signer.sign({ method: 'GET', requestPath: '/accounts' });
    expect(headers['CB-ACCESS-PASSPHRASE']).toBe('');
    expect(Object.keys(headers).sort()).toEqual([
      'CB-ACCESS-KEY',
      'CB-ACCESS-PASSPHRASE',
      'CB-ACCESS-SIGN',
      'CB-ACCESS-TIMESTAMP',
    ]);
  });

  it('takes the timestamp from the injected clock, with the server offset applied', () => {
    const clock = new ExchangeClock({ source: new ManualClock(1_700_000_000_500), offsetMs: 41_000 });
    const seconds = new ExchangeSigner(createExchangeCredentials({ apiKey: 'k', apiSecret }), { clock });
    expect(seconds.sign({ method: 'GET', requestPath: '/time' })['CB-ACCESS-TIMESTAMP']).toBe('1700000041');
    const millis = new ExchangeSigner(createExchangeCredentials({ apiKey: 'k', apiSecret }), {
      clock,
      timestampFormat: 'milliseconds',
    });
    expect(millis.sign({ method: 'GET', requestPath: '/time' })['CB-ACCESS-TIMESTAMP']).toBe(
      '1700000041.500',
    );
  });

  it('rejects a path that is not a path, with a typed error', () => {
    const signer = new ExchangeSigner(createExchangeCredentials({ apiKey: 'k', apiSecret }));
    expect(() => signer.sign({ method: 'GET', requestPath: 'accounts' })).toThrowError(
      /expected a request path starting with "\/"/,
    );
    expect(() => signer.sign({ method: '', requestPath: '/accounts' })).toThrowError(
      /expected an HTTP method/,
    );
  });
});
