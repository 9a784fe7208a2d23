/**
 * Signing, signatures per second for one `POST /orders` request: `@tradeloop/auth`'s
 * `ExchangeSigner.sign` against a raw `node:crypto` HMAC of the same prehash (key decoded once)
 * and ccxt's `coinbaseexchange.sign()` of the same request with the same fixed nonce. The three
 * signatures are checked equal first, so the three loops do the same work.
 */
import { createHmac } from 'node:crypto';
import { createExchangeCredentials, ExchangeSigner } from '@tradeloop/auth';
import { ManualClock } from '@tradeloop/clock';
import { measureAlternating, printRow, scaled, throughputFigure } from '@tradeloop-internal/bench-harness';
import ccxt from 'ccxt';

const apiKey = 'bench-key';
const passphrase = 'bench-passphrase';
const apiSecret = Buffer.alloc(64, 42).toString('base64');
const timestampSeconds = 1_700_000_000;
// ccxt serializes the params itself; the same key order gives the same body bytes.
const order = {
  type: 'limit',
  side: 'buy',
  product_id: 'BTC-USD',
  price: '64321.12',
  size: '0.00150000',
  client_oid: '6f1b5a54-54c4-4b7f-9f58-7d1f9c9b1e21',
};
const body = JSON.stringify(order);

const signer = new ExchangeSigner(createExchangeCredentials({ apiKey, apiSecret, passphrase }), {
  clock: new ManualClock(timestampSeconds * 1000),
});
const rawKey = Buffer.from(apiSecret, 'base64');
const prehash = `${timestampSeconds}POST/orders${body}`;
const exchange = new ccxt.coinbaseexchange({ apiKey, secret: apiSecret, password: passphrase });
exchange.nonce = () => timestampSeconds;

const tradeloopSignature = signer.sign({ method: 'POST', requestPath: '/orders', body })['CB-ACCESS-SIGN'];
const rawSignature = createHmac('sha256', rawKey).update(prehash, 'utf8').digest('base64');
const ccxtRequest = exchange.sign('orders', 'private', 'POST', { ...order });
const ccxtSignature = (ccxtRequest.headers as Record<string, string>)['CB-ACCESS-SIGN'];
if (tradeloopSignature !== rawSignature || ccxtSignature !== rawSignature || ccxtRequest.body !== body) {
  throw new Error(
    `expected the three signers to sign the same message; got tradeloop ${tradeloopSignature}, raw ${rawSignature}, ccxt ${ccxtSignature}`,
  );
}

const signaturesPerRound = scaled(50_000);
let sink = 0;
const results = await measureAlternating(
  [
    {
      name: '@tradeloop/auth ExchangeSigner.sign',
      run: (iterations) => {
        for (let index = 0; index < iterations; index += 1) {
          sink += signer.sign({ method: 'POST', requestPath: '/orders', body })['CB-ACCESS-SIGN'].length;
        }
      },
    },
    {
      name: 'raw node:crypto HMAC (key decoded once)',
      run: (iterations) => {
        for (let index = 0; index < iterations; index += 1) {
          sink += createHmac('sha256', rawKey).update(prehash, 'utf8').digest('base64').length;
        }
      },
    },
    {
      name: `ccxt ${ccxt.version} coinbaseexchange.sign()`,
      run: (iterations) => {
        for (let index = 0; index < iterations; index += 1) {
          // A fresh params object each call, as ccxt's own createOrder builds one per request.
          sink += (exchange.sign('orders', 'private', 'POST', { ...order }).body as string).length;
        }
      },
    },
  ],
  { iterations: signaturesPerRound },
);
const [tradeloop, raw, ccxtResult] = results.map((result) => throughputFigure(result, 'signatures/s'));
printRow({
  id: 'signing',
  title: 'Signing: signatures/s, POST /orders (same message, same timestamp)',
  better: 'higher',
  candidate: tradeloop!,
  baselines: [raw!, ccxtResult!],
  note: `the three signatures are checked equal before timing; tradeloop from its built dist and ccxt from its npm release build, as users install both; ${signaturesPerRound.toLocaleString('en-US')} signatures a round, rounds alternate`,
});
if (sink === 0) console.log('(nothing was signed)');
