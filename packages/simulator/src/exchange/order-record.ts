import type { Account } from '../accounts/account.js';
import type { EngineOrder } from '../engine/engine-order.js';
import type { OrderStatus, OrderType, TimeInForce } from './contract.js';
import type { Product } from './products.js';
import type { ProfileState } from './profile-state.js';

/**
 * Everything the exchange keeps about one order. It is also the engine's order (extends
 * EngineOrder), so matching updates it in place.
 */
export interface OrderRecord extends EngineOrder {
  readonly product: Product;
  readonly profile: ProfileState;
  /** Exchange-wide creation number: time priority among equal timestamps and the `/orders` cursor. */
  readonly createdSequence: number;
  readonly createdAt: number;
  /** The type as requested (`stop` for legacy stop orders). */
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly postOnly: boolean;
  readonly expireTime: number | undefined;
  readonly clientOid: string | undefined;
  /** Requested size in base increments, when the order has one. */
  readonly size: number | undefined;
  /** Requested funds in quote atoms (market orders by funds). */
  readonly specifiedFunds: bigint | undefined;
  /** Funds available for notional after the fee reserve (buys) or as requested (sells). */
  readonly funds: bigint | undefined;
  readonly stopKind: 'loss' | 'entry' | undefined;
  readonly stopTicks: number;
  readonly makerPpm: bigint;
  readonly takerPpm: bigint;
  status: OrderStatus;
  doneAt: number | undefined;
  doneReason: 'filled' | 'canceled' | undefined;
  cancelReason: string | undefined;
  filledSize: number;
  executedValue: bigint;
  fillFees: bigint;
  /** The amount this order holds now, in `holdAccount`'s currency (0 when done). */
  hold: bigint;
  readonly baseAccount: Account;
  readonly quoteAccount: Account;
  /** The account the hold sits in: quote for buys, base for sells. */
  readonly holdAccount: Account;
  holdId: string | undefined;
}
