import { TradeloopError, type TradeloopErrorOptions } from '@tradeloop/errors';

/** Base class of every error thrown by `@tradeloop/auth`. */
export class AuthError extends TradeloopError {}

/** What is wrong with a credential value. Stable; use it to branch in code. */
export type CredentialProblem =
  | 'missing'
  | 'surrounding_whitespace'
  | 'surrounding_quotes'
  | 'not_base64'
  | 'unusual_length'
  | 'pem_instead_of_hmac_secret'
  | 'hmac_secret_instead_of_pem'
  | 'cdp_key_name_instead_of_exchange_key'
  | 'exchange_key_instead_of_cdp_key_name'
  | 'invalid_private_key'
  | 'unsupported_key_type';

/**
 * A credential is missing or malformed. The message names the variable (an environment variable
 * such as `COINBASE_API_SECRET`, or a field such as `apiSecret`) and describes the value by its
 * shape only: it never contains the value, and `cause` is never set to anything holding it.
 */
export class CredentialsError extends AuthError {
  /** The environment variable or object field at fault. */
  readonly variable: string;
  readonly problem: CredentialProblem;

  constructor(variable: string, problem: CredentialProblem, message: string) {
    super(`invalid_credentials`, `${variable}: ${message}`);
    this.variable = variable;
    this.problem = problem;
  }
}

/** Signing failed for a reason other than the credentials' shape (for example an unsupported method). */
export class SigningError extends AuthError {
  constructor(message: string, options?: TradeloopErrorOptions) {
    super('signing_failed', message, options);
  }
}
