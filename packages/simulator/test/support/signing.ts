import { createHmac } from 'node:crypto';

/**
 * The tests' own Coinbase Exchange signer, written from the protocol reference with node:crypto.
 * Deliberately not `@tradeloop/auth`: the simulator's verifier must be checked against an
 * independent signer, or a shared bug would pass unnoticed.
 */
export interface TestCredentials {
  apiKey: string;
  apiSecret: string;
  passphrase: string;
}

/** base64(HMAC-SHA256(base64decode(secret), timestamp + METHOD + requestPath + body)). */
export function sign(
  secret: string,
  timestamp: string,
  method: string,
  requestPath: string,
  body = '',
): string {
  return createHmac('sha256', Buffer.from(secret, 'base64'))
    .update(timestamp + method.toUpperCase() + requestPath + body)
    .digest('base64');
}

/** The four CB-ACCESS-* headers for a request. */
export function authHeaders(
  credentials: TestCredentials,
  method: string,
  requestPath: string,
  body = '',
  timestamp = String(Math.floor(Date.now() / 1000)),
): Record<string, string> {
  return {
    'CB-ACCESS-KEY': credentials.apiKey,
    'CB-ACCESS-SIGN': sign(credentials.apiSecret, timestamp, method, requestPath, body),
    'CB-ACCESS-TIMESTAMP': timestamp,
    'CB-ACCESS-PASSPHRASE': credentials.passphrase,
  };
}

/** The four authentication fields of a WebSocket subscribe message. */
export function webSocketAuthFields(
  credentials: TestCredentials,
  timestamp: string | number = Math.floor(Date.now() / 1000),
): { key: string; passphrase: string; timestamp: string | number; signature: string } {
  return {
    key: credentials.apiKey,
    passphrase: credentials.passphrase,
    timestamp,
    signature: sign(credentials.apiSecret, String(timestamp), 'GET', '/users/self/verify'),
  };
}
