import type { SelfTradePreventionWire, SideWire } from '../exchange/contract.js';
import type { QueuedOrder } from './price-level.js';

/**
 * What the matching engine needs to know about an order. The exchange's order record extends
 * this, so the engine works on the same object the exchange keeps (no copies on the hot path).
 *
 * Quantities are integers: `priceTicks` counts quote increments, `remaining` counts base
 * increments, `fundsRemaining` counts 1e-16 quote atoms (a bigint, since price × size can pass 2^53).
 */
export interface EngineOrder extends QueuedOrder {
  readonly id: string;
  readonly side: SideWire;
  /** Self-trade prevention compares users, not profiles. */
  readonly userId: string;
  readonly stp: SelfTradePreventionWire;
  /** True for market orders: they take any price and never rest. */
  readonly isMarket: boolean;
  /** Limit price in ticks (0 for market orders). */
  priceTicks: number;
  /** Base increments still to trade. Orders that are only limited by funds carry Number.MAX_SAFE_INTEGER. */
  remaining: number;
  /** Quote atoms (notional, before fees) still to spend or receive; -1n when the order has no funds limit. */
  fundsRemaining: bigint;
}

/** Sentinel for "no funds limit". */
export const NO_FUNDS = -1n;

/** Sentinel for "no size limit" (market orders by funds only). */
export const UNLIMITED_SIZE = Number.MAX_SAFE_INTEGER;
