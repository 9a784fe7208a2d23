import type { KeyObject } from 'node:crypto';
import { InvalidSimulatorOptionError } from '../../simulator-errors.js';
import { CDP_KEY_NAME, type CdpKey, generateCdpKey, publicKeyOfCdpPem } from './cdp-keys.js';

/** Where and with what an Advanced Trade client reaches a running simulator. */
export interface AdvancedTradeAccess {
  /** The REST origin, e.g. `http://127.0.0.1:54321` (paths `/api/v3/brokerage/...`). */
  restUrl: string;
  /** The market-data WebSocket, e.g. `ws://127.0.0.1:54321/advanced-trade`. */
  wsUrl: string;
  /** The user-order WebSocket, e.g. `ws://127.0.0.1:54321/advanced-trade-user`. */
  userWsUrl: string;
  /** `organizations/{org_id}/apiKeys/{key_id}` */
  keyName: string;
  /** EC P-256 private key, SEC1 PEM. */
  privateKey: string;
}

/**
 * Checks a supplied CDP key (or generates one) and derives the public key the server verifies with.
 * @throws {InvalidSimulatorOptionError} naming `cdpKey.keyName` or `cdpKey.privateKey`, never echoing the key.
 */
export function cdpKeyOf(key: CdpKey | undefined): CdpKey & { publicKey: KeyObject } {
  const chosen = key ?? generateCdpKey();
  if (typeof chosen.keyName !== 'string' || !CDP_KEY_NAME.test(chosen.keyName)) {
    throw new InvalidSimulatorOptionError(
      'cdpKey.keyName',
      `expected "organizations/{org_id}/apiKeys/{key_id}" with UUIDs, received ${typeof chosen.keyName === 'string' ? `a string of ${chosen.keyName.length} characters of another shape` : typeof chosen.keyName}`,
    );
  }
  if (typeof chosen.privateKey !== 'string') {
    throw new InvalidSimulatorOptionError(
      'cdpKey.privateKey',
      `expected a PEM string, received ${typeof chosen.privateKey}`,
    );
  }
  const parsed = publicKeyOfCdpPem(chosen.privateKey);
  if (!parsed.ok) throw new InvalidSimulatorOptionError('cdpKey.privateKey', parsed.problem);
  const privateKey = chosen.privateKey.includes('\\n')
    ? chosen.privateKey.replaceAll('\\n', '\n')
    : chosen.privateKey;
  return { keyName: chosen.keyName, privateKey, publicKey: parsed.publicKey };
}
