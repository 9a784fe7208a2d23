import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
} from 'node:crypto';
import type { Caller, Permission } from '../../exchange/contract.js';

/** A Coinbase Developer Platform (CDP) key as Advanced Trade users are given it. */
export interface CdpKey {
  /** `organizations/{org_id}/apiKeys/{key_id}`: the JWT's `kid` and `sub`. */
  keyName: string;
  /** EC P-256 private key, SEC1 PEM (`-----BEGIN EC PRIVATE KEY-----`), as Coinbase issues it. */
  privateKey: string;
}

/** What the server keeps of one CDP key: never the private key, only what verifies its JWTs. */
export interface CdpKeyRecord {
  keyName: string;
  publicKey: KeyObject;
  caller: Caller;
}

/** The shape Coinbase gives CDP key names; the simulator refuses anything else. */
export const CDP_KEY_NAME = /^organizations\/[0-9a-f-]{36}\/apiKeys\/[0-9a-f-]{36}$/;

/** A fresh CDP-style key: random organization and key UUIDs and a new P-256 key pair. */
export function generateCdpKey(): CdpKey {
  const { privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'sec1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { keyName: `organizations/${randomUUID()}/apiKeys/${randomUUID()}`, privateKey };
}

/**
 * Reads a CDP private key PEM and checks it is an EC P-256 key (Advanced Trade does not accept
 * Ed25519 keys). Literal `\n` sequences (how PEMs survive env variables) are turned into newlines.
 * @returns the public key, or a sentence saying what is wrong (never echoing the key).
 */
export function publicKeyOfCdpPem(
  privateKeyPem: string,
): { ok: true; publicKey: KeyObject } | { ok: false; problem: string } {
  const pem = privateKeyPem.includes('\\n') ? privateKeyPem.replaceAll('\\n', '\n') : privateKeyPem;
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    return {
      ok: false,
      problem:
        'expected a PEM private key (-----BEGIN EC PRIVATE KEY-----), received text that does not parse as one',
    };
  }
  const details = privateKey.asymmetricKeyDetails;
  if (privateKey.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1') {
    return {
      ok: false,
      problem: `expected an EC P-256 (prime256v1) private key, received a ${privateKey.asymmetricKeyType ?? 'unknown'} key${details?.namedCurve ? ` on ${details.namedCurve}` : ''}`,
    };
  }
  return { ok: true, publicKey: createPublicKey(privateKey) };
}

/** The CDP keys of one simulator instance, by key name. */
export class CdpKeyStore {
  readonly #records = new Map<string, CdpKeyRecord>();

  add(
    keyName: string,
    publicKey: KeyObject,
    profileId: string,
    userId: string,
    permissions: Iterable<Permission>,
  ): CdpKeyRecord {
    const record: CdpKeyRecord = {
      keyName,
      publicKey,
      caller: { profileId, userId, permissions: new Set(permissions) },
    };
    this.#records.set(keyName, record);
    return record;
  }

  get(keyName: string): CdpKeyRecord | undefined {
    return this.#records.get(keyName);
  }
}
