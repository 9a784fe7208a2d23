import { describe, expect, it } from 'vitest';
import { sign } from '../../test/support/signing.js';
import { ApiKeyStore, generateCredentials } from './api-keys.js';
import { defaultAuthSettings, signedPathCandidates, verifyRestRequest, verifyWebSocketAuth } from './auth.js';

const credentials = generateCredentials();
const keys = new ApiKeyStore();
keys.add(credentials, 'profile-1', 'user-1', ['view', 'trade']);
const nowMs = 1_700_000_000_000;
const nowSeconds = String(nowMs / 1000);

function request(overrides: {
  method?: string;
  target?: string;
  body?: string;
  timestamp?: string;
  headers?: Record<string, string | undefined>;
}) {
  const method = overrides.method ?? 'GET';
  const target = overrides.target ?? '/accounts';
  const body = overrides.body ?? '';
  const timestamp = overrides.timestamp ?? nowSeconds;
  const headers: Record<string, string | undefined> = {
    'cb-access-key': credentials.apiKey,
    'cb-access-sign': sign(credentials.apiSecret, timestamp, method, target, body),
    'cb-access-timestamp': timestamp,
    'cb-access-passphrase': credentials.passphrase,
    ...overrides.headers,
  };
  return { headers, method, rawTarget: target, rawBody: Buffer.from(body) };
}

describe('verifyRestRequest', () => {
  it('accepts a correctly signed request and returns the key record', () => {
    const outcome = verifyRestRequest(request({}), keys, nowMs, defaultAuthSettings);
    expect(outcome.ok && outcome.record.caller.profileId).toBe('profile-1');
  });

  it('signs the raw path with its query and the raw body bytes', () => {
    const body = '{"size":"0.01","price":"100.00","side":"buy","product_id":"BTC-USD"}';
    expect(
      verifyRestRequest(
        request({ method: 'POST', target: '/orders', body }),
        keys,
        nowMs,
        defaultAuthSettings,
      ).ok,
    ).toBe(true);
    const withQuery = request({ target: '/orders?status=open&status=pending&limit=10' });
    expect(verifyRestRequest(withQuery, keys, nowMs, defaultAuthSettings).ok).toBe(true);
    const signedWithoutQuery = { ...withQuery, rawTarget: '/orders?status=open' };
    expect(verifyRestRequest(signedWithoutQuery, keys, nowMs, defaultAuthSettings)).toEqual({
      ok: false,
      status: 401,
      message: 'invalid signature',
    });
    const reformattedBody = {
      ...request({ method: 'POST', target: '/orders', body }),
      rawBody: Buffer.from(`${body} `),
    };
    expect(verifyRestRequest(reformattedBody, keys, nowMs, defaultAuthSettings).ok).toBe(false);
  });

  it('accepts decimal timestamps and checks the ±30 s window', () => {
    expect(
      verifyRestRequest(request({ timestamp: '1700000029.999' }), keys, nowMs, defaultAuthSettings).ok,
    ).toBe(true);
    expect(verifyRestRequest(request({ timestamp: '1699999970' }), keys, nowMs, defaultAuthSettings).ok).toBe(
      true,
    );
    expect(
      verifyRestRequest(request({ timestamp: '1699999969.5' }), keys, nowMs, defaultAuthSettings),
    ).toMatchObject({
      ok: false,
      message: 'request timestamp expired',
    });
    expect(
      verifyRestRequest(request({ timestamp: '1700000031' }), keys, nowMs, defaultAuthSettings),
    ).toMatchObject({
      message: 'request timestamp expired',
    });
    expect(
      verifyRestRequest(request({ timestamp: 'yesterday' }), keys, nowMs, defaultAuthSettings),
    ).toMatchObject({
      message: 'invalid timestamp',
    });
  });

  it.each([
    ['cb-access-key', 'CB-ACCESS-KEY header is required'],
    ['cb-access-sign', 'CB-ACCESS-SIGN header is required'],
    ['cb-access-timestamp', 'CB-ACCESS-TIMESTAMP header is required'],
    ['cb-access-passphrase', 'CB-ACCESS-PASSPHRASE header is required'],
  ])('reports a missing or empty %s', (header, message) => {
    for (const value of [undefined, '']) {
      const outcome = verifyRestRequest(
        request({ headers: { [header]: value } }),
        keys,
        nowMs,
        defaultAuthSettings,
      );
      expect(outcome).toEqual({ ok: false, status: 401, message });
    }
  });

  it('reports an unknown key, a wrong passphrase and a wrong secret with Coinbase texts', () => {
    const other = generateCredentials();
    expect(
      verifyRestRequest(
        request({ headers: { 'cb-access-key': other.apiKey } }),
        keys,
        nowMs,
        defaultAuthSettings,
      ),
    ).toMatchObject({
      message: 'Invalid API Key',
    });
    expect(
      verifyRestRequest(
        request({ headers: { 'cb-access-passphrase': 'wrong' } }),
        keys,
        nowMs,
        defaultAuthSettings,
      ),
    ).toMatchObject({ message: 'Invalid Passphrase' });
    const forged = sign(other.apiSecret, nowSeconds, 'GET', '/accounts');
    expect(
      verifyRestRequest(request({ headers: { 'cb-access-sign': forged } }), keys, nowMs, defaultAuthSettings),
    ).toMatchObject({
      message: 'invalid signature',
    });
  });

  it('uses the configured failure status', () => {
    const outcome = verifyRestRequest(request({ headers: { 'cb-access-key': 'nope' } }), keys, nowMs, {
      ...defaultAuthSettings,
      failureStatus: 400,
    });
    expect(outcome).toMatchObject({ ok: false, status: 400 });
  });

  it('ignores an unsigned GET body (bennycode sends {} with GET)', () => {
    const signed = request({ target: '/accounts' });
    expect(
      verifyRestRequest({ ...signed, rawBody: Buffer.from('{}') }, keys, nowMs, defaultAuthSettings).ok,
    ).toBe(true);
  });

  it('accepts re-encoded queries only in lenient mode', () => {
    // Signed the querystring way (status=a&status=b), sent the axios way (status[]=a&status[]=b).
    const signedTarget = '/orders?status=open&status=pending';
    const signed = request({ target: signedTarget });
    const sent = { ...signed, rawTarget: '/orders?status[]=open&status[]=pending' };
    expect(verifyRestRequest(sent, keys, nowMs, defaultAuthSettings).ok).toBe(false);
    expect(
      verifyRestRequest(sent, keys, nowMs, { ...defaultAuthSettings, querySigningMode: 'lenient' }).ok,
    ).toBe(true);
    const colon = request({ target: '/fills?order_id=client%3Aabc' });
    const sentColon = { ...colon, rawTarget: '/fills?order_id=client:abc' };
    expect(
      verifyRestRequest(sentColon, keys, nowMs, { ...defaultAuthSettings, querySigningMode: 'lenient' }).ok,
    ).toBe(true);
  });

  it('lists lenient candidates starting with the raw target', () => {
    expect(signedPathCandidates('/a?x=1', 'strict')).toEqual(['/a?x=1']);
    const lenient = signedPathCandidates('/a?b=c:d', 'lenient');
    expect(lenient[0]).toBe('/a?b=c:d');
    expect(lenient).toContain('/a?b=c%3Ad');
  });
});

describe('verifyWebSocketAuth', () => {
  const signature = (timestamp: string) =>
    sign(credentials.apiSecret, timestamp, 'GET', '/users/self/verify');

  it('verifies the signature over timestamp + GET + /users/self/verify', () => {
    const fields = { key: credentials.apiKey, passphrase: credentials.passphrase, timestamps: [nowSeconds] };
    expect(
      verifyWebSocketAuth({ ...fields, signature: signature(nowSeconds) }, keys, nowMs, defaultAuthSettings)
        .ok,
    ).toBe(true);
    expect(
      verifyWebSocketAuth({ ...fields, signature: signature('1') }, keys, nowMs, defaultAuthSettings),
    ).toMatchObject({
      message: 'invalid signature',
    });
  });

  it('accepts any of the candidate timestamp texts', () => {
    const fields = { key: credentials.apiKey, passphrase: credentials.passphrase };
    const outcome = verifyWebSocketAuth(
      { ...fields, timestamps: ['1700000000.10', '1700000000.1'], signature: signature('1700000000.1') },
      keys,
      nowMs,
      defaultAuthSettings,
    );
    expect(outcome.ok).toBe(true);
  });
});
