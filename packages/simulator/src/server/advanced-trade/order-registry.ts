import type { CancelTimer, Clock } from '@tradeloop/clock';
import { Decimal } from 'decimal.js';
import type { Caller, ExchangeApi, OrderWire } from '../../exchange/contract.js';
import type { OrderConfigurationKind, TranslatedOrder } from './order-configuration.js';

/**
 * What Advanced Trade knows about an order beyond the engine's record. One AT order is one or more
 * engine orders ("legs"): an edit cancels the resting leg and places the new one, and a triggered
 * bracket cancels its take-profit leg and sends a market leg for the rest. The AT order id is the
 * first leg's id, so orders placed through either protocol share ids.
 */
export interface AdvancedTradeOrder {
  orderId: string;
  caller: Caller;
  productId: string;
  side: 'buy' | 'sell';
  clientOrderId: string;
  kind: OrderConfigurationKind;
  /** The configuration as sent, updated by edits (`limit_price`, `base_size`). */
  configuration: Record<string, unknown>;
  legs: string[];
  endTimeMs: number | undefined;
  stopTriggerPrice: string | undefined;
  /** Canceled by the simulator at `end_time`: reported as EXPIRED. */
  expired: boolean;
  /** A bracket whose stop fired. */
  triggered: boolean;
  editHistory: Array<{ price: string; size: string; replace_accept_timestamp: string }>;
}

/** The exchange as Advanced Trade uses it: its commands, and the clock GTD expiries run on. */
export type ClockedExchange = ExchangeApi & { readonly clock: Clock };

/**
 * The Advanced Trade side tables of one simulator: client order ids (per profile, kept forever,
 * because Coinbase answers a repeated `client_order_id` with the existing order), legs, GTD
 * expiry timers (on the exchange's clock, so a `ManualClock` drives them) and bracket triggers.
 * Engine calls go only through {@link ExchangeApi}.
 */
export class AdvancedTradeOrderRegistry {
  readonly #exchange: ClockedExchange;
  readonly #log: (line: string) => void;
  readonly #orders = new Map<string, AdvancedTradeOrder>();
  readonly #orderOfLeg = new Map<string, string>();
  readonly #byClientOrderId = new Map<string, Map<string, string>>();
  readonly #expiryTimers = new Set<CancelTimer>();
  readonly #brackets = new Set<AdvancedTradeOrder>();
  #unsubscribe: (() => void) | undefined;

  constructor(exchange: ClockedExchange, log: (line: string) => void) {
    this.#exchange = exchange;
    this.#log = log;
  }

  /** The order a client order id already names for this caller's profile. */
  byClientOrderId(caller: Caller, clientOrderId: string): AdvancedTradeOrder | undefined {
    const orderId = this.#byClientOrderId.get(caller.profileId)?.get(clientOrderId);
    return orderId === undefined ? undefined : this.#orders.get(orderId);
  }

  /** The AT order an engine order belongs to (its own id when placed through the Exchange protocol). */
  orderIdOfLeg(legId: string): string {
    return this.#orderOfLeg.get(legId) ?? legId;
  }

  get(orderId: string): AdvancedTradeOrder | undefined {
    return this.#orders.get(orderId);
  }

  /** Records a placed order and starts its expiry timer or bracket watch. */
  register(
    caller: Caller,
    clientOrderId: string,
    translated: TranslatedOrder,
    firstLeg: string,
  ): AdvancedTradeOrder {
    const order: AdvancedTradeOrder = {
      orderId: firstLeg,
      caller,
      productId: translated.engineRequest.product_id as string,
      side: translated.engineRequest.side as 'buy' | 'sell',
      clientOrderId,
      kind: translated.kind,
      configuration: { ...translated.configuration },
      legs: [firstLeg],
      endTimeMs: translated.endTimeMs,
      stopTriggerPrice: translated.stopTriggerPrice,
      expired: false,
      triggered: false,
      editHistory: [],
    };
    this.#orders.set(firstLeg, order);
    this.#orderOfLeg.set(firstLeg, firstLeg);
    let clientIds = this.#byClientOrderId.get(caller.profileId);
    if (clientIds === undefined) {
      clientIds = new Map();
      this.#byClientOrderId.set(caller.profileId, clientIds);
    }
    clientIds.set(clientOrderId, firstLeg);
    if (order.endTimeMs !== undefined) this.#expireAt(order, order.endTimeMs);
    if (order.stopTriggerPrice !== undefined) this.#watchBracket(order);
    return order;
  }

  /** Adds a replacement leg (edit, bracket trigger). */
  addLeg(order: AdvancedTradeOrder, legId: string): void {
    order.legs.push(legId);
    this.#orderOfLeg.set(legId, order.orderId);
  }

  /** The engine records of an order's legs, oldest first; undefined when the caller does not own it. */
  legsOf(caller: Caller, orderId: string): OrderWire[] | undefined {
    const order = this.#orders.get(orderId);
    const legIds = order === undefined ? [orderId] : order.legs;
    const legs: OrderWire[] = [];
    for (const legId of legIds) {
      const result = this.#exchange.getOrder(caller, legId);
      if (!result.ok) return undefined;
      legs.push(result.value);
    }
    return legs;
  }

  /** Stops timers and the bracket watch. */
  close(): void {
    for (const cancel of this.#expiryTimers) cancel();
    this.#expiryTimers.clear();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #expireAt(order: AdvancedTradeOrder, endTimeMs: number): void {
    // On the exchange clock (the simulator's unrefs its timers: a pending expiry keeps no process alive).
    const cancel = this.#exchange.clock.setTimer(Math.max(0, endTimeMs - this.#exchange.now()), () => {
      this.#expiryTimers.delete(cancel);
      const legId = order.legs[order.legs.length - 1] as string;
      const leg = this.#exchange.getOrder(order.caller, legId);
      if (!leg.ok || leg.value.status === 'done' || leg.value.status === 'rejected') return;
      order.expired = true;
      this.#brackets.delete(order);
      const canceled = this.#exchange.cancelOrder(order.caller, legId);
      if (!canceled.ok)
        this.#log(`advanced trade: expiring ${order.orderId} failed: ${canceled.error.message}`);
    });
    this.#expiryTimers.add(cancel);
  }

  #watchBracket(order: AdvancedTradeOrder): void {
    this.#brackets.add(order);
    this.#unsubscribe ??= this.#exchange.onEvent((event) => {
      if (event.kind !== 'ticker' || this.#brackets.size === 0) return;
      // Exact decimal comparison: a float could misjudge a price equal to the trigger.
      const price = new Decimal(String(event.message.price));
      for (const bracket of this.#brackets) {
        if (bracket.productId !== event.productId || bracket.stopTriggerPrice === undefined) continue;
        const trigger = new Decimal(bracket.stopTriggerPrice);
        const side = bracket.side;
        // A sell bracket protects a long position (stop below), a buy bracket a short one (stop above).
        if ((side === 'sell' && price.lte(trigger)) || (side === 'buy' && price.gte(trigger))) {
          this.#brackets.delete(bracket);
          // A same-tick deferral, not a wait (so not on the clock): the outbox would accept nested
          // commands, but the caller whose command traded may still be recording its result (an
          // edit adds its new leg after placing it); the trigger must see the finished bookkeeping.
          queueMicrotask(() => this.#triggerBracket(bracket));
        }
      }
    });
  }

  #triggerBracket(order: AdvancedTradeOrder): void {
    const legId = order.legs[order.legs.length - 1] as string;
    const leg = this.#exchange.getOrder(order.caller, legId);
    if (!leg.ok || leg.value.status !== 'open') return;
    const canceled = this.#exchange.cancelOrder(order.caller, legId);
    if (!canceled.ok) return;
    order.triggered = true;
    const after = this.#exchange.getOrder(order.caller, legId);
    if (!after.ok) return;
    const remaining = new Decimal(after.value.size ?? '0').minus(after.value.filled_size);
    if (remaining.lte(0)) return;
    const placed = this.#exchange.placeOrder(order.caller, {
      product_id: after.value.product_id,
      side: after.value.side,
      type: 'market',
      size: remaining.toFixed(),
    });
    if (placed.ok) this.addLeg(order, placed.value.id);
    else this.#log(`advanced trade: bracket ${order.orderId} stop leg refused: ${placed.error.message}`);
  }
}
