/** A network a currency can move over (`supported_networks[]` of `GET /currencies`). */
export interface CurrencyNetwork {
  id: string;
  name: string;
  status: string;
  contract_address?: string;
  crypto_address_link?: string;
  crypto_transaction_link?: string;
  /** Sent by Coinbase as a JSON number. */
  min_withdrawal_amount?: number;
  /** Sent by Coinbase as a JSON number. */
  max_withdrawal_amount?: number;
  network_confirmations?: number;
  processing_time_seconds?: number;
  destination_tag_regex?: string;
  is_evm_network?: boolean;
}

/** One entry of `GET /currencies`. Decimal fields are strings; the few JSON numbers are marked. */
export interface Currency {
  id: string;
  name: string;
  /** Smallest amount, e.g. `"0.00000001"`. */
  min_size: string;
  status: string;
  message?: string | null;
  /** Decimal places used for amounts, as a string, e.g. `"0.00000001"`. */
  max_precision: string;
  convertible_to?: string[];
  details: {
    type: string;
    symbol?: string | null;
    network_confirmations?: number;
    sort_order?: number;
    crypto_address_link?: string;
    crypto_transaction_link?: string;
    push_payment_methods?: string[];
    group_types?: string[];
    display_name?: string | null;
    processing_time_seconds?: number | null;
    /** Sent by Coinbase as a JSON number. */
    min_withdrawal_amount?: number;
    /** Sent by Coinbase as a JSON number. */
    max_withdrawal_amount?: number;
  };
  default_network?: string;
  supported_networks?: CurrencyNetwork[];
  display_name?: string | null;
}
