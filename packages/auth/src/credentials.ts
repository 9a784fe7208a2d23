import { createPrivateKey, type KeyObject } from 'node:crypto';
import { CredentialsError } from './errors.js';
import { installRedaction, maskIdentifier, REDACTED } from './redaction.js';

/** Environment variables read for Coinbase Exchange (HMAC) keys. */
export const EXCHANGE_ENV = {
  apiKey: 'COINBASE_API_KEY',
  apiSecret: 'COINBASE_API_SECRET',
  passphrase: 'COINBASE_API_PASSPHRASE',
} as const;

/** Environment variables read for Coinbase Advanced Trade (CDP) keys. */
export const CDP_ENV = {
  keyName: 'COINBASE_CDP_KEY_NAME',
  privateKey: 'COINBASE_CDP_PRIVATE_KEY',
} as const;

/** Plain input for an Exchange (HMAC) key, as shown by Coinbase when the key was created. */
export interface ExchangeCredentialsInput {
  apiKey: string;
  /** The base64 secret (88 characters for Coinbase's 64-byte secrets). */
  apiSecret: string;
  /** The key's passphrase; empty when the key has none. */
  passphrase?: string;
}

/** Plain input for an Advanced Trade (CDP) key. */
export interface CdpCredentialsInput {
  /** `organizations/{org}/apiKeys/{key}` or, for newer keys, a UUID. */
  keyName: string;
  /** An EC P-256 private key in PEM, or an Ed25519 key as base64 of 64 bytes (seed ‖ public key). */
  privateKey: string;
}

/** Names used in error messages: environment variable names, or the object's field names. */
interface VariableNames {
  apiKey: string;
  apiSecret: string;
  passphrase: string;
}

const fieldNames: VariableNames = { apiKey: 'apiKey', apiSecret: 'apiSecret', passphrase: 'passphrase' };

// Secret material is kept off the objects themselves, so no enumeration, spread, or inspect
// of a credentials object can reach it. Only the signers in this package read it.
const exchangeSecrets = new WeakMap<ExchangeCredentials, { secretKey: Buffer; passphrase: string }>();
const cdpSecrets = new WeakMap<CdpCredentials, { privateKey: KeyObject }>();

/**
 * A validated Coinbase Exchange API key. Prints redacted through `toString`, `JSON.stringify`,
 * `util.inspect` and `console.log`; the secret and passphrase are unreachable from outside this
 * package except through the signatures it makes.
 */
export class ExchangeCredentials {
  readonly kind = 'exchange' as const;
  readonly apiKey: string;

  /** @internal use {@link createExchangeCredentials} */
  constructor(apiKey: string, secretKey: Buffer, passphrase: string) {
    this.apiKey = apiKey;
    exchangeSecrets.set(this, { secretKey, passphrase });
    installRedaction(this, 'ExchangeCredentials', () => ({
      kind: 'exchange',
      apiKey: maskIdentifier(apiKey),
      apiSecret: REDACTED,
      passphrase: REDACTED,
    }));
  }

  /** True when the key was created with a passphrase. */
  get hasPassphrase(): boolean {
    return (exchangeSecrets.get(this)?.passphrase ?? '') !== '';
  }
}

/** A validated Coinbase Advanced Trade (CDP) API key; prints redacted like {@link ExchangeCredentials}. */
export class CdpCredentials {
  readonly kind = 'cdp' as const;
  readonly keyName: string;
  /** `ES256` for EC P-256 keys, `EdDSA` for Ed25519 keys. */
  readonly algorithm: 'ES256' | 'EdDSA';

  /** @internal use {@link createCdpCredentials} */
  constructor(keyName: string, privateKey: KeyObject, algorithm: 'ES256' | 'EdDSA') {
    this.keyName = keyName;
    this.algorithm = algorithm;
    cdpSecrets.set(this, { privateKey });
    installRedaction(this, 'CdpCredentials', () => ({
      kind: 'cdp',
      keyName: maskIdentifier(keyName),
      algorithm,
      privateKey: REDACTED,
    }));
  }
}

/** Either kind of Coinbase key. */
export type Credentials = ExchangeCredentials | CdpCredentials;

/** @internal secret material for this package's signers. */
export function exchangeSecretOf(credentials: ExchangeCredentials): {
  secretKey: Buffer;
  passphrase: string;
} {
  const secret = exchangeSecrets.get(credentials);
  if (!secret) throw new TypeError('expected credentials made by createExchangeCredentials');
  return secret;
}

/** @internal secret material for this package's signers. */
export function cdpSecretOf(credentials: CdpCredentials): { privateKey: KeyObject } {
  const secret = cdpSecrets.get(credentials);
  if (!secret) throw new TypeError('expected credentials made by createCdpCredentials');
  return secret;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const CDP_KEY_NAME = /^organizations\/[^/\s]+\/apiKeys\/[^/\s]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MIN_SECRET_BYTES = 32;
const MAX_SECRET_BYTES = 128;

/**
 * Validates and wraps an Exchange (HMAC) key.
 *
 * @throws {CredentialsError} when a value is missing, has whitespace or quotes pasted around it,
 *   is not base64, decodes to an unusual length (outside 32–128 bytes), or is a CDP key/PEM.
 * @example
 * const credentials = createExchangeCredentials({ apiKey, apiSecret, passphrase });
 */
export function createExchangeCredentials(
  input: ExchangeCredentialsInput,
  names: VariableNames = fieldNames,
): ExchangeCredentials {
  const apiKey = requireText(input.apiKey, names.apiKey, 'the API key');
  if (CDP_KEY_NAME.test(apiKey)) {
    throw new CredentialsError(
      names.apiKey,
      'cdp_key_name_instead_of_exchange_key',
      'expected a Coinbase Exchange API key (usually 32 hex characters), received an Advanced Trade (CDP) key name ("organizations/…/apiKeys/…"); use createCdpCredentials or the COINBASE_CDP_* variables for it',
    );
  }
  const apiSecret = requireText(input.apiSecret, names.apiSecret, 'the base64 API secret');
  if (apiSecret.includes('-----BEGIN')) {
    throw new CredentialsError(
      names.apiSecret,
      'pem_instead_of_hmac_secret',
      'expected the base64 secret of a Coinbase Exchange key, received a PEM private key (that is an Advanced Trade / CDP key; put it in COINBASE_CDP_PRIVATE_KEY with its key name in COINBASE_CDP_KEY_NAME)',
    );
  }
  if (!BASE64.test(apiSecret)) {
    throw new CredentialsError(
      names.apiSecret,
      'not_base64',
      `expected standard base64 (A–Z, a–z, 0–9, "+", "/", "=" padding), received ${apiSecret.length} characters that are not; copy the secret exactly as Coinbase showed it`,
    );
  }
  const secretKey = Buffer.from(apiSecret, 'base64');
  if (secretKey.length < MIN_SECRET_BYTES || secretKey.length > MAX_SECRET_BYTES) {
    throw new CredentialsError(
      names.apiSecret,
      'unusual_length',
      `expected a secret that decodes to ${MIN_SECRET_BYTES}–${MAX_SECRET_BYTES} bytes (Coinbase issues 64), received one that decodes to ${secretKey.length}; it may be truncated`,
    );
  }
  const passphrase = input.passphrase ?? '';
  if (typeof passphrase !== 'string') {
    throw new CredentialsError(
      names.passphrase,
      'missing',
      `expected a string, received ${typeof passphrase}`,
    );
  }
  checkPasted(passphrase, names.passphrase);
  return new ExchangeCredentials(apiKey, secretKey, passphrase);
}

/**
 * Validates and wraps an Advanced Trade (CDP) key. PEM newlines that arrive as the two characters
 * `\n` (a common environment-variable accident) are restored.
 *
 * @throws {CredentialsError} when the key name or private key is missing or malformed, or an
 *   Exchange HMAC secret was given where the private key belongs.
 */
export function createCdpCredentials(
  input: CdpCredentialsInput,
  names: { keyName: string; privateKey: string } = { keyName: 'keyName', privateKey: 'privateKey' },
): CdpCredentials {
  const keyName = requireText(input.keyName, names.keyName, 'the key name');
  if (!CDP_KEY_NAME.test(keyName) && !UUID.test(keyName)) {
    throw new CredentialsError(
      names.keyName,
      'exchange_key_instead_of_cdp_key_name',
      `expected a CDP key name ("organizations/{org}/apiKeys/{key}" or a UUID), received ${keyName.length} characters in another shape; an Exchange key belongs in COINBASE_API_KEY`,
    );
  }
  const rawPrivateKey = input.privateKey;
  if (typeof rawPrivateKey !== 'string' || rawPrivateKey.trim() === '') {
    throw new CredentialsError(names.privateKey, 'missing', 'expected a PEM private key, received nothing');
  }
  const privateKeyText = rawPrivateKey.replaceAll('\\n', '\n').trim();
  if (privateKeyText.includes('-----BEGIN')) {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey({ key: privateKeyText, format: 'pem' });
    } catch {
      // The parser's error may quote key material; it is deliberately not kept as the cause.
      throw new CredentialsError(
        names.privateKey,
        'invalid_private_key',
        'expected a PEM EC P-256 private key, received a PEM block that does not parse; check that it was copied whole, with its BEGIN/END lines',
      );
    }
    if (
      privateKey.asymmetricKeyType === 'ec' &&
      privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1'
    ) {
      return new CdpCredentials(keyName, privateKey, 'ES256');
    }
    if (privateKey.asymmetricKeyType === 'ed25519') return new CdpCredentials(keyName, privateKey, 'EdDSA');
    throw new CredentialsError(
      names.privateKey,
      'unsupported_key_type',
      `expected an EC P-256 or Ed25519 private key, received a ${privateKey.asymmetricKeyType ?? 'unknown'} key`,
    );
  }
  // No PEM: the only other form Coinbase issues is an Ed25519 key as base64(seed ‖ public key).
  const decoded = BASE64.test(privateKeyText) ? Buffer.from(privateKeyText, 'base64') : undefined;
  if (decoded?.length === 64) {
    return new CdpCredentials(keyName, ed25519KeyFromSeedAndPublic(decoded, names.privateKey), 'EdDSA');
  }
  throw new CredentialsError(
    names.privateKey,
    'hmac_secret_instead_of_pem',
    `expected a PEM private key ("-----BEGIN EC PRIVATE KEY-----…") or a base64 Ed25519 key of 64 bytes, received ${privateKeyText.length} characters that are neither (an Exchange HMAC secret belongs in COINBASE_API_SECRET)`,
  );
}

function ed25519KeyFromSeedAndPublic(decoded: Buffer, variable: string): KeyObject {
  try {
    return createPrivateKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        d: decoded.subarray(0, 32).toString('base64url'),
        x: decoded.subarray(32).toString('base64url'),
      },
      format: 'jwk',
    });
  } catch {
    throw new CredentialsError(
      variable,
      'invalid_private_key',
      'expected base64 of an Ed25519 seed followed by its public key, received 64 bytes that do not form a key pair',
    );
  }
}

/**
 * Reads Exchange (HMAC) credentials from `COINBASE_API_KEY`, `COINBASE_API_SECRET` and
 * `COINBASE_API_PASSPHRASE`.
 *
 * @returns the credentials, or `undefined` when none of the three variables is set.
 * @throws {CredentialsError} naming the variable when some are set but one is missing or malformed.
 */
export function exchangeCredentialsFromEnv(
  env: Record<string, string | undefined> = process.env,
): ExchangeCredentials | undefined {
  const apiKey = env[EXCHANGE_ENV.apiKey];
  const apiSecret = env[EXCHANGE_ENV.apiSecret];
  const passphrase = env[EXCHANGE_ENV.passphrase];
  if (apiKey === undefined && apiSecret === undefined && passphrase === undefined) return undefined;
  return createExchangeCredentials(
    { apiKey: apiKey ?? '', apiSecret: apiSecret ?? '', passphrase: passphrase ?? '' },
    EXCHANGE_ENV,
  );
}

/**
 * Reads Advanced Trade (CDP) credentials from `COINBASE_CDP_KEY_NAME` and `COINBASE_CDP_PRIVATE_KEY`.
 *
 * @returns the credentials, or `undefined` when neither variable is set.
 * @throws {CredentialsError} naming the variable when one is missing or malformed.
 */
export function cdpCredentialsFromEnv(
  env: Record<string, string | undefined> = process.env,
): CdpCredentials | undefined {
  const keyName = env[CDP_ENV.keyName];
  const privateKey = env[CDP_ENV.privateKey];
  if (keyName === undefined && privateKey === undefined) return undefined;
  return createCdpCredentials({ keyName: keyName ?? '', privateKey: privateKey ?? '' }, CDP_ENV);
}

/**
 * Reads whichever kind of key the environment holds: Exchange (`COINBASE_API_*`) or CDP
 * (`COINBASE_CDP_*`). A PEM key put in `COINBASE_API_SECRET` is reported, not guessed at.
 *
 * @returns the credentials, or `undefined` when no credential variable is set.
 */
export function credentialsFromEnv(
  env: Record<string, string | undefined> = process.env,
): Credentials | undefined {
  return exchangeCredentialsFromEnv(env) ?? cdpCredentialsFromEnv(env);
}

function requireText(value: unknown, variable: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new CredentialsError(
      variable,
      'missing',
      `expected ${what}, received ${value === undefined || value === '' ? 'nothing' : `a ${typeof value}`}`,
    );
  }
  checkPasted(value, variable);
  return value;
}

function checkPasted(value: string, variable: string): void {
  if (value.trim() !== value) {
    throw new CredentialsError(
      variable,
      'surrounding_whitespace',
      'expected the value alone, received it with whitespace or a line break around it; remove it',
    );
  }
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) {
    throw new CredentialsError(
      variable,
      'surrounding_quotes',
      'expected the value alone, received it wrapped in quotes; remove the quotes',
    );
  }
}
