/** Currency amounts are integers of 1e-16 units ("atoms"), the precision Coinbase prints balances with. */
export const CURRENCY_DECIMALS = 16;

/** Why a balance changed, as Coinbase's ledger names it. */
export type LedgerEntryType = 'match' | 'fee' | 'transfer';

/** One balance change with the balance after it. */
export interface LedgerEntry {
  /** Exchange-wide increasing number; also the pagination cursor. */
  readonly id: number;
  readonly amount: bigint;
  readonly balance: bigint;
  readonly createdAt: number;
  readonly type: LedgerEntryType;
  readonly orderId: string | undefined;
  readonly productId: string | undefined;
  readonly tradeId: number | undefined;
}

/**
 * One currency account of one profile. `hold` is the sum of the holds of the profile's open
 * orders in this currency; `available = balance − hold` is never negative.
 */
export class Account {
  balance = 0n;
  hold = 0n;
  /** Oldest first. Empty when the profile does not keep a ledger (the background market). */
  readonly ledger: LedgerEntry[] = [];

  constructor(
    readonly id: string,
    readonly currency: string,
    readonly profileId: string,
    readonly keepsLedger: boolean,
  ) {}

  get available(): bigint {
    return this.balance - this.hold;
  }
}
