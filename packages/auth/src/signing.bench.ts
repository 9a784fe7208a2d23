/**
 * Signatures per second: `ExchangeSigner.sign` (timestamp, prehash, HMAC, headers object) against a
 * raw `node:crypto` HMAC of the same message with the key decoded once, in alternating rounds.
 * Run: `pnpm --filter @tradeloop/auth bench` (BENCH_SMOKE=1 for a short run).
 */
import { createHmac } from 'node:crypto';
import { ManualClock } from '@tradeloop/clock';
import { compare, printComparison, scaled } from '@tradeloop-internal/bench-harness';
import { createExchangeCredentials } from './credentials.js';
import { ExchangeSigner } from './exchange-signer.js';

const apiSecret = Buffer.alloc(64, 42).toString('base64');
const body = JSON.stringify({
  type: 'limit',
  side: 'buy',
  product_id: 'BTC-USD',
  price: '64321.12',
  size: '0.00150000',
  client_oid: '6f1b5a54-54c4-4b7f-9f58-7d1f9c9b1e21',
});
const timestamp = '1700000000';
const signer = new ExchangeSigner(
  createExchangeCredentials({ apiKey: 'bench-key', apiSecret, passphrase: 'bench' }),
  {
    clock: new ManualClock(1_700_000_000_000),
  },
);
const rawKey = Buffer.from(apiSecret, 'base64');
const prehash = `${timestamp}POST/orders${body}`;
let sink = 0;

const comparison = await compare(
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
  { iterations: scaled(200_000) },
);
printComparison('Exchange HMAC signing (POST /orders)', comparison);
if (sink === 0) console.log('unreachable');
