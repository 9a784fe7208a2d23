import { randomBytes } from 'node:crypto';
import type { Caller, Permission } from '../exchange/contract.js';

/** The three values a Coinbase Exchange API key is made of, exactly as a client is given them. */
export interface ApiCredentials {
  apiKey: string;
  /** Base64 of the raw HMAC key, as Coinbase shows it once when the key is created. */
  apiSecret: string;
  passphrase: string;
}

/** What the server knows about one key. The decoded secret never leaves this module's callers. */
export interface ApiKeyRecord {
  apiKey: string;
  /** The base64-decoded secret: the HMAC key. */
  secretKey: Buffer;
  passphrase: string;
  caller: Caller;
}

/** Generates credentials shaped like Coinbase's: 32 hex key, 64-byte base64 secret, short passphrase. */
export function generateCredentials(): ApiCredentials {
  return {
    apiKey: randomBytes(16).toString('hex'),
    apiSecret: randomBytes(64).toString('base64'),
    passphrase: randomBytes(8).toString('base64url').toLowerCase().slice(0, 11),
  };
}

/** True when `text` is standard base64 with padding (what Coinbase issues and clients decode). */
export function isBase64Secret(text: string): boolean {
  return text.length > 0 && text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}

/** The API keys of one simulator instance. */
export class ApiKeyStore {
  readonly #records = new Map<string, ApiKeyRecord>();

  /** Registers a key; its secret must be base64 (checked by the caller). */
  add(
    credentials: ApiCredentials,
    profileId: string,
    userId: string,
    permissions: Iterable<Permission>,
  ): ApiKeyRecord {
    const record: ApiKeyRecord = {
      apiKey: credentials.apiKey,
      secretKey: Buffer.from(credentials.apiSecret, 'base64'),
      passphrase: credentials.passphrase,
      caller: { profileId, userId, permissions: new Set(permissions) },
    };
    this.#records.set(credentials.apiKey, record);
    return record;
  }

  get(apiKey: string): ApiKeyRecord | undefined {
    return this.#records.get(apiKey);
  }
}
