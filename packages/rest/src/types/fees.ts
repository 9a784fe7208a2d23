import type { DecimalString } from './common.js';

/** `GET /fees`: the key's current fee tier. */
export interface Fees {
  /** e.g. `"0.0040"` for 0.40 %. */
  maker_fee_rate: DecimalString;
  taker_fee_rate: DecimalString;
  /** 30-day USD volume; may be null. */
  usd_volume: DecimalString | null;
}
