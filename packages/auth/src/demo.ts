/**
 * A runnable demo of signing (`pnpm --filter @tradeloop/auth demo`): signs a REST request and a
 * WebSocket subscription with a throwaway key, and shows that the credentials print redacted.
 */
import { randomBytes } from 'node:crypto';
import { createExchangeCredentials, ExchangeSigner } from './index.js';

const credentials = createExchangeCredentials({
  apiKey: randomBytes(16).toString('hex'),
  apiSecret: randomBytes(64).toString('base64'),
  passphrase: 'demo-passphrase',
});
const signer = new ExchangeSigner(credentials);
const body = JSON.stringify({
  type: 'limit',
  side: 'buy',
  product_id: 'BTC-USD',
  price: '30000.01',
  size: '0.001',
});
const headers = signer.sign({ method: 'POST', requestPath: '/orders', body });

console.log('credentials:', credentials);
console.log('signed POST /orders →', { ...headers, 'CB-ACCESS-PASSPHRASE': '[redacted]' });
console.log('WebSocket subscribe auth fields →', { ...signer.signWebSocket(), passphrase: '[redacted]' });
