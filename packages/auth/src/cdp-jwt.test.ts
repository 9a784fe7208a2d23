import { generateKeyPairSync } from 'node:crypto';
import { type Clock, systemClock } from '@tradeloop/clock';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { CdpJwtSigner } from './cdp-jwt.js';
import { createCdpCredentials } from './credentials.js';

const keyName =
  'organizations/3f1c6f0e-0000-4000-8000-000000000001/apiKeys/9a8b7c6d-0000-4000-8000-000000000002';
const fixedClock: Clock = { now: () => Date.now(), setTimer: systemClock.setTimer };

function ecKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privatePem: privateKey.export({ type: 'sec1', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

describe('CdpJwtSigner (verified independently with jose)', () => {
  it('issues an ES256 REST token bound to method, host and path without the query', async () => {
    const { privatePem, publicPem } = ecKeyPair();
    const signer = new CdpJwtSigner(createCdpCredentials({ keyName, privateKey: privatePem }), {
      clock: fixedClock,
    });
    const token = signer.signRest({
      method: 'get',
      path: '/api/v3/brokerage/orders/historical/batch?limit=10',
    });

    const { payload, protectedHeader } = await jwtVerify(token, await importSPKI(publicPem, 'ES256'), {
      issuer: 'cdp',
      subject: keyName,
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toBe(keyName);
    expect(protectedHeader.typ).toBe('JWT');
    expect(protectedHeader.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(payload.uri).toBe('GET api.coinbase.com/api/v3/brokerage/orders/historical/batch');
    expect(payload.exp).toBe((payload.nbf as number) + 120);
    expect(Math.abs((payload.nbf as number) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('uses a fresh nonce per token', () => {
    const signer = new CdpJwtSigner(createCdpCredentials({ keyName, privateKey: ecKeyPair().privatePem }));
    const first = decodeProtectedHeader(signer.signWebSocket());
    const second = decodeProtectedHeader(signer.signWebSocket());
    expect(first.nonce).not.toBe(second.nonce);
  });

  it('issues a WebSocket token without a uri claim, with an optional audience', async () => {
    const { privatePem, publicPem } = ecKeyPair();
    const signer = new CdpJwtSigner(createCdpCredentials({ keyName, privateKey: privatePem }), {
      issuer: 'coinbase-cloud',
    });
    const { payload } = await jwtVerify(
      signer.signWebSocket(['public_websocket_api']),
      await importSPKI(publicPem, 'ES256'),
      {
        issuer: 'coinbase-cloud',
        audience: 'public_websocket_api',
      },
    );
    expect(payload.uri).toBeUndefined();
    expect(payload.sub).toBe(keyName);
  });

  it('accepts a PEM whose newlines arrived as literal \\n', async () => {
    const { privatePem, publicPem } = ecKeyPair();
    const flattened = privatePem.trim().replaceAll('\n', '\\n');
    expect(flattened).not.toContain('\n');
    const signer = new CdpJwtSigner(createCdpCredentials({ keyName, privateKey: flattened }));
    await expect(
      jwtVerify(
        signer.signRest({ method: 'POST', path: '/api/v3/brokerage/orders' }),
        await importSPKI(publicPem, 'ES256'),
      ),
    ).resolves.toBeTruthy();
  });

  it('issues EdDSA tokens for Ed25519 keys given as PEM or as base64(seed ‖ public key)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const jwk = privateKey.export({ format: 'jwk' });
    const raw = Buffer.concat([
      Buffer.from(jwk.d as string, 'base64url'),
      Buffer.from(jwk.x as string, 'base64url'),
    ]);
    const uuidName = '2f9e1d3c-0000-4000-8000-00000000abcd';
    for (const material of [
      privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      raw.toString('base64'),
    ]) {
      const credentials = createCdpCredentials({ keyName: uuidName, privateKey: material });
      expect(credentials.algorithm).toBe('EdDSA');
      const token = new CdpJwtSigner(credentials).signRest({
        method: 'GET',
        path: '/api/v3/brokerage/accounts',
      });
      const { payload, protectedHeader } = await jwtVerify(token, await importSPKI(publicPem, 'EdDSA'));
      expect(protectedHeader.alg).toBe('EdDSA');
      expect(payload.uri).toBe('GET api.coinbase.com/api/v3/brokerage/accounts');
    }
  });

  it('a token signed by another key does not verify', async () => {
    const signer = new CdpJwtSigner(createCdpCredentials({ keyName, privateKey: ecKeyPair().privatePem }));
    const otherPublic = await importSPKI(ecKeyPair().publicPem, 'ES256');
    await expect(jwtVerify(signer.signWebSocket(), otherPublic)).rejects.toThrow();
  });
});
