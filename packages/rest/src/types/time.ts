/** `GET /time`: the exchange's clock. */
export interface ExchangeTime {
  /** ISO-8601, e.g. `"2020-05-12T08:00:51.504Z"`. */
  iso: string;
  /** Seconds since the epoch with decimals (a JSON number on the wire). */
  epoch: number;
}
