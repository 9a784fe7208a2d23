/**
 * Advanced Trade JWT signing, tokens per second for one `POST /api/v3/brokerage/orders` request:
 * `@tradeloop/auth`'s `CdpJwtSigner.signRest` against an ES256 JWT built by hand with `node:crypto`
 * (key object imported once, `dsaEncoding: 'ieee-p1363'`) and ccxt's `coinbase` class signer
 * (`sign()` with the key name as `apiKey` and the PEM as `secret`, as ccxt's docs configure a CDP key).
 * All three make the same claims (ccxt's `iss: 'coinbase-cloud'` and `aud`, so tradeloop and the raw
 * loop are set to match) with a fresh random `nonce` per token; before timing each token is verified
 * against the same public key and its claims compared.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { CdpJwtSigner, createCdpCredentials } from '@tradeloop/auth';
import { ManualClock } from '@tradeloop/clock';
import { measureAlternating, printRow, scaled, throughputFigure } from '@tradeloop-internal/bench-harness';
import ccxt from 'ccxt';

const keyName =
  'organizations/7c1f3e58-0000-4000-8000-000000000001/apiKeys/5b2d9a11-0000-4000-8000-000000000002';
// A CDP key is an EC P-256 key in SEC1 PEM ("BEGIN EC PRIVATE KEY"), as the portal downloads it.
const { privateKey: generatedKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const privateKeyPem = generatedKey.export({ type: 'sec1', format: 'pem' }).toString();
const publicKey = createPublicKey(privateKeyPem);
const nowSeconds = 1_700_000_000;
const host = 'api.coinbase.com';
const path = '/api/v3/brokerage/orders';
const expectedClaims = {
  sub: keyName,
  iss: 'coinbase-cloud',
  uri: `POST ${host}${path}`,
  nbf: nowSeconds,
  exp: nowSeconds + 120,
};
const order = {
  client_order_id: '6f1b5a54-54c4-4b7f-9f58-7d1f9c9b1e21',
  product_id: 'BTC-USD',
  side: 'BUY',
  order_configuration: { limit_limit_gtc: { base_size: '0.00150000', limit_price: '64321.12' } },
};

const signer = new CdpJwtSigner(createCdpCredentials({ keyName, privateKey: privateKeyPem }), {
  clock: new ManualClock(nowSeconds * 1000),
  issuer: 'coinbase-cloud',
});
const tradeloopToken = () =>
  signer.signRest({ method: 'POST', path, host, audience: ['retail_rest_api_proxy'] });

const rawKey = createPrivateKey(privateKeyPem);
const base64Url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function rawToken(): string {
  const header = { alg: 'ES256', kid: keyName, nonce: randomBytes(16).toString('hex'), typ: 'JWT' };
  const claims = {
    iss: 'coinbase-cloud',
    sub: keyName,
    nbf: nowSeconds,
    exp: nowSeconds + 120,
    uri: `POST ${host}${path}`,
    aud: ['retail_rest_api_proxy'],
  };
  const input = `${base64Url(header)}.${base64Url(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key: rawKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

const exchange = new ccxt.coinbase({ apiKey: keyName, secret: privateKeyPem });
exchange.seconds = () => nowSeconds;
const ccxtToken = () => {
  // A fresh params object each call, as ccxt's createOrder builds one per request.
  const request = exchange.sign('brokerage/orders', ['v3', 'private'], 'POST', { ...order });
  return (request.headers as Record<string, string>).Authorization!.slice('Bearer '.length);
};

/** Checks one token: ES256 over the signing input with the public key, and the claims expected. */
function check(name: string, token: string): void {
  const [header, claims, signature] = token.split('.');
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature ?? '', 'base64url'),
  );
  const decodedHeader = JSON.parse(Buffer.from(header ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
  const decoded = JSON.parse(Buffer.from(claims ?? '', 'base64url').toString()) as Record<string, unknown>;
  const mismatched = Object.entries(expectedClaims).filter(([claim, value]) => decoded[claim] !== value);
  if (!valid || decodedHeader.alg !== 'ES256' || decodedHeader.kid !== keyName || mismatched.length > 0) {
    throw new Error(
      `expected ${name} to sign a valid ES256 JWT with claims ${JSON.stringify(expectedClaims)}; signature ${valid ? 'valid' : 'invalid'}, header ${JSON.stringify(decodedHeader)}, claims ${JSON.stringify(decoded)}`,
    );
  }
}
check('@tradeloop/auth', tradeloopToken());
check('raw node:crypto', rawToken());
check('ccxt coinbase', ccxtToken());

const tokensPerRound = scaled(5_000);
let sink = 0;
const results = await measureAlternating(
  [
    {
      name: '@tradeloop/auth CdpJwtSigner.signRest',
      run: (iterations) => {
        for (let index = 0; index < iterations; index += 1) sink += tradeloopToken().length;
      },
    },
    {
      name: 'raw node:crypto ES256 JWT (key imported once)',
      run: (iterations) => {
        for (let index = 0; index < iterations; index += 1) sink += rawToken().length;
      },
    },
    {
      name: `ccxt ${ccxt.version} coinbase.sign()`,
      run: (iterations) => {
        for (let index = 0; index < iterations; index += 1) sink += ccxtToken().length;
      },
    },
  ],
  { iterations: tokensPerRound },
);
const [tradeloop, raw, ccxtResult] = results.map((result) => throughputFigure(result, 'tokens/s'));
printRow({
  id: 'jwt-signing',
  title: 'Advanced Trade JWT signing: ES256 tokens/s, POST /api/v3/brokerage/orders (same claims)',
  better: 'higher',
  candidate: tradeloop!,
  baselines: [raw!, ccxtResult!],
  note: `each token verified against the same public key and its sub/iss/uri/nbf/exp compared before timing; a fresh nonce per token in all three; tradeloop from its built dist and ccxt from its npm release build; ${tokensPerRound.toLocaleString('en-US')} tokens a round, rounds alternate`,
});
if (sink === 0) console.log('(nothing was signed)');
