import { Account, type LedgerEntryType } from './account.js';

/**
 * Every account of every profile, plus the fees the exchange collected. All balance changes go
 * through here, so conservation holds by construction: for each currency, the sum of balances
 * plus collected fees changes only through deposits (`deposit`).
 */
export class AccountBook {
  private readonly byProfile = new Map<string, Map<string, Account>>();
  private readonly byId = new Map<string, Account>();
  private readonly collected = new Map<string, bigint>();
  private readonly deposited = new Map<string, bigint>();
  private nextLedgerId = 1;

  constructor(private readonly now: () => number) {}

  /** Opens an account (one per profile and currency). Throws when it exists already. */
  open(accountId: string, profileId: string, currency: string, keepsLedger: boolean): Account {
    let accounts = this.byProfile.get(profileId);
    if (accounts === undefined) {
      accounts = new Map();
      this.byProfile.set(profileId, accounts);
    }
    if (accounts.has(currency)) throw new Error(`profile ${profileId} already has a ${currency} account`);
    const account = new Account(accountId, currency, profileId, keepsLedger);
    accounts.set(currency, account);
    this.byId.set(accountId, account);
    return account;
  }

  account(profileId: string, currency: string): Account | undefined {
    return this.byProfile.get(profileId)?.get(currency);
  }

  accountById(accountId: string): Account | undefined {
    return this.byId.get(accountId);
  }

  /** The profile's accounts in the order they were opened. */
  accountsOf(profileId: string): Account[] {
    return [...(this.byProfile.get(profileId)?.values() ?? [])];
  }

  /** Every account (for invariant checks). */
  all(): IterableIterator<Account> {
    return this.byId.values();
  }

  /** Credits new money from outside the exchange (a starting balance): ledger type `transfer`. */
  deposit(account: Account, amount: bigint): void {
    if (amount < 0n) throw new RangeError(`expected a non-negative deposit, received ${amount}`);
    this.deposited.set(account.currency, (this.deposited.get(account.currency) ?? 0n) + amount);
    this.change(account, amount, 'transfer', undefined, undefined, undefined);
  }

  /**
   * Changes a balance by a signed amount and records a ledger entry (when the account keeps
   * one) with what it refers to. The references are separate arguments so settlement allocates
   * nothing for accounts without a ledger.
   */
  change(
    account: Account,
    amount: bigint,
    type: LedgerEntryType,
    orderId: string | undefined,
    productId: string | undefined,
    tradeId: number | undefined,
  ): void {
    account.balance += amount;
    if (account.keepsLedger) {
      account.ledger.push({
        id: this.nextLedgerId++,
        amount,
        balance: account.balance,
        createdAt: this.now(),
        type,
        orderId,
        productId,
        tradeId,
      });
    }
  }

  /** Charges a fee: it leaves the account and is kept by the exchange. */
  chargeFee(account: Account, fee: bigint, orderId: string, productId: string, tradeId: number): void {
    if (fee === 0n) return;
    this.change(account, -fee, 'fee', orderId, productId, tradeId);
    this.collected.set(account.currency, (this.collected.get(account.currency) ?? 0n) + fee);
  }

  /** Fees collected so far in a currency. */
  collectedFees(currency: string): bigint {
    return this.collected.get(currency) ?? 0n;
  }

  /** Money that entered the exchange in a currency (starting balances). */
  deposits(currency: string): bigint {
    return this.deposited.get(currency) ?? 0n;
  }

  /** Sum of all balances in a currency plus collected fees: equals `deposits(currency)` at all times. */
  total(currency: string): bigint {
    let sum = this.collectedFees(currency);
    for (const account of this.byId.values()) if (account.currency === currency) sum += account.balance;
    return sum;
  }
}
