export { TradeloopError } from '@tradeloop/errors';
export {
  ADVANCED_TRADE_HOST,
  CDP_JWT_LIFETIME_SECONDS,
  type CdpJwtClaims,
  CdpJwtSigner,
  type CdpJwtSignerOptions,
  type CdpRestRequest,
} from './cdp-jwt.js';
export { ExchangeClock, type TimestampFormat } from './clock.js';
export {
  CDP_ENV,
  CdpCredentials,
  type CdpCredentialsInput,
  type Credentials,
  cdpCredentialsFromEnv,
  createCdpCredentials,
  createExchangeCredentials,
  credentialsFromEnv,
  EXCHANGE_ENV,
  ExchangeCredentials,
  type ExchangeCredentialsInput,
  exchangeCredentialsFromEnv,
} from './credentials.js';
export { AuthError, type CredentialProblem, CredentialsError, SigningError } from './errors.js';
export {
  type ExchangeAuthHeaders,
  type ExchangeRequestToSign,
  ExchangeSigner,
  type ExchangeSignerOptions,
  type WebSocketAuthFields,
} from './exchange-signer.js';
export { REDACTED } from './redaction.js';
