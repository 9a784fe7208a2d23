/**
 * Shared wire conventions. Money and quantities are decimal strings exactly as Coinbase sends
 * them (`"0.0000000000000000"`); timestamps are ISO-8601 strings; ids are strings (UUIDs), and
 * only what Coinbase sends as a JSON number (trade ids, sequences) is a `number`.
 */

/** A decimal amount as a string in standard form, e.g. `"64321.12"`. Never a JS `number`. */
export type DecimalString = string;

/** An ISO-8601 UTC timestamp as Coinbase writes it, e.g. `"2024-05-01T12:00:00.123456Z"`. */
export type IsoTimestamp = string;

/** A product (market) id, e.g. `"BTC-USD"`. */
export type ProductIdWire = string;

/** An order id assigned by the exchange (a UUID). */
export type OrderIdWire = string;

/** A client order id chosen by the caller (a UUID), echoed by the exchange as `client_oid`. */
export type ClientOrderIdWire = string;

/** `buy` or `sell`. */
export type SideWire = 'buy' | 'sell';

/** Per-call options every client method accepts last. */
export interface CallOptions {
  /** Cancels the call: waiting for a rate-limit token, the request, and retry waits. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout, in ms. */
  timeoutMs?: number;
}
