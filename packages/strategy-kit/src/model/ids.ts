import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from '../errors.js';

declare const brand: unique symbol;
/** A string that the type system keeps apart from other strings. */
type Branded<Name extends string> = string & { readonly [brand]: Name };

/** A Coinbase product id such as `BTC-USD`. */
export type ProductId = Branded<'ProductId'>;
/** The id we give an order before any I/O (`client_oid` on the wire, a UUID). */
export type ClientOrderId = Branded<'ClientOrderId'>;
/** The id the exchange gives an order. */
export type OrderId = Branded<'OrderId'>;

const productIdPattern = /^[A-Z0-9]+-[A-Z0-9]+$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks and brands a product id.
 * @throws InvalidArgumentError unless it looks like `BASE-QUOTE` in upper case.
 * @example productId('BTC-USD')
 */
export function productId(value: string): ProductId {
  if (typeof value !== 'string' || !productIdPattern.test(value))
    throw new InvalidArgumentError(
      'productId',
      `expected BASE-QUOTE in upper case such as BTC-USD, received ${JSON.stringify(String(value).slice(0, 30))}`,
    );
  return value as ProductId;
}

/**
 * Checks and brands a client order id (Coinbase requires a UUID).
 * @throws InvalidArgumentError unless it is a UUID.
 */
export function clientOrderId(value: string): ClientOrderId {
  if (typeof value !== 'string' || !uuidPattern.test(value))
    throw new InvalidArgumentError(
      'clientOrderId',
      `expected a UUID, received ${JSON.stringify(String(value).slice(0, 40))}`,
    );
  return value.toLowerCase() as ClientOrderId;
}

/** Brands an exchange order id (opaque; only emptiness is checked). */
export function orderId(value: string): OrderId {
  if (typeof value !== 'string' || value.length === 0)
    throw new InvalidArgumentError('orderId', 'expected a non-empty string');
  return value as OrderId;
}

/** Makes client order ids. Inject a deterministic one in tests and backtests. */
export type ClientOrderIdGenerator = () => ClientOrderId;

/** A fresh random UUID (v4) per order. */
export const randomClientOrderId: ClientOrderIdGenerator = () => randomUUID() as ClientOrderId;

/**
 * Random UUIDs (v4) like {@link randomClientOrderId}, drawn one ahead: `take` hands out the one
 * drawn before (or draws one when none is), `refill` draws the next. Drawing costs some 20 µs in
 * a process that was idle; the runtime refills after an order is sent, off the way from a tick
 * to its order.
 */
export class PrefetchedClientOrderIds {
  #next: ClientOrderId | undefined = randomClientOrderId();

  readonly take: ClientOrderIdGenerator = () => {
    const id = this.#next ?? randomClientOrderId();
    this.#next = undefined;
    return id;
  };

  /** Draws the next id unless one is waiting. */
  refill(): void {
    this.#next ??= randomClientOrderId();
  }
}
