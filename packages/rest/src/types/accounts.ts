import type { DecimalString, IsoTimestamp } from './common.js';

/** A currency balance, from `GET /accounts`. `available = balance − hold`. */
export interface Account {
  id: string;
  currency: string;
  balance: DecimalString;
  hold: DecimalString;
  available: DecimalString;
  profile_id: string;
  trading_enabled: boolean;
  pending_deposit?: DecimalString;
  display_name?: string;
}

/** What a ledger entry records. */
export type LedgerEntryType =
  | 'transfer'
  | 'match'
  | 'fee'
  | 'conversion'
  | 'margin_interest'
  | 'rebate'
  | 'otc_fee'
  | 'otc_match'
  | 'tax_credit'
  | 'rfq_match'
  | 'rfq_fee'
  | 'match_conversion'
  | 'stake_wrap'
  | 'conversion_fee'
  | 'redeem';

/** One balance change, from `GET /accounts/{account_id}/ledger`, newest first. */
export interface LedgerEntry {
  id: string;
  /** Signed: negative for debits. */
  amount: DecimalString;
  created_at: IsoTimestamp;
  /** Balance after this entry. */
  balance: DecimalString;
  type: LedgerEntryType;
  details: {
    order_id?: string;
    product_id?: string;
    trade_id?: string;
    from?: string;
    to?: string;
    profile_transfer_id?: string;
  };
}

/** Filters of `getAccountLedger` / `iterateAccountLedger`. */
export interface LedgerFilter {
  /** Without a range Coinbase returns only the last day. */
  startDate?: IsoTimestamp;
  endDate?: IsoTimestamp;
  profileId?: string;
}

/** Funds set aside, from `GET /accounts/{account_id}/holds`. */
export interface AccountHold {
  id: string;
  created_at: IsoTimestamp;
  updated_at?: IsoTimestamp;
  type: string;
  /** The order (or transfer) holding the funds. */
  ref: string;
  amount?: DecimalString;
  account_id?: string;
}
