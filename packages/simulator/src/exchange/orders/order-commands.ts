import type { Caller, OrderWire, PlaceOrderRequestWire, Result } from '../contract.js';
import type { EventOutbox } from '../event-outbox.js';
import type { ExchangeState, ProductState } from '../exchange-state.js';
import type { OrderRecord } from '../records.js';
import { failure, success } from '../results.js';
import { orderWire } from '../wire/wire-objects.js';
import type { ExpiryQueue } from './expiry-queue.js';
import type { OrderAdmission } from './order-admission.js';
import type { OrderExecution } from './order-execution.js';
import type { OrderQueries } from './order-queries.js';
import { normalizeProductId, parseOrderRequest } from './order-request.js';
import type { StopTriggers } from './stop-triggers.js';

/** The parts of the exchange a command goes through, in the order it meets them. */
export interface OrderCommandParts {
  readonly state: ExchangeState;
  readonly expiring: ExpiryQueue;
  readonly admission: OrderAdmission;
  readonly execution: OrderExecution;
  readonly stopTriggers: StopTriggers;
  readonly queries: OrderQueries;
  readonly outbox: EventOutbox;
}

/**
 * The commands that change orders: place, cancel, cancel all, and the expiry of a GTT order.
 * Each one runs to completion (matching, triggered stops, market data) before its events are
 * delivered, so listeners always see consistent books and balances.
 */
export class OrderCommands {
  constructor(private readonly parts: OrderCommandParts) {}

  placeOrder(caller: Caller, request: PlaceOrderRequestWire): Result<OrderWire> {
    const { state, expiring, admission, execution, stopTriggers } = this.parts;
    const profile = state.profiles.get(caller.profileId);
    if (profile === undefined) return failure(404, 'NotFound');
    expiring.expireDue();
    const parsed = parseOrderRequest(request, (productId) => state.products.get(productId)?.product);
    if (!parsed.ok) return parsed;
    const command = parsed.value;
    const productState = state.productState(command.product.id);
    const admitted = admission.admit(productState, profile, command);
    if (!admitted.ok) return admitted;

    const order = admission.createRecord(productState, profile, command, admitted.value);
    // The answer shows the order as received, before it matched.
    const response = orderWire(order);
    if (order.stopKind !== undefined) stopTriggers.activate(productState, order);
    else execution.execute(productState, order);
    this.complete(productState);
    return success(response);
  }

  cancelOrder(caller: Caller, id: string): Result<string> {
    this.parts.expiring.expireDue();
    const found = this.parts.queries.find(caller, id);
    if (!found.ok) return found;
    const order = found.value;
    if (order.status === 'done') return failure(400, 'Order already done');
    const productState = this.parts.state.productState(order.product.id);
    this.parts.execution.cancel(productState, order, undefined);
    this.complete(productState);
    return success(order.id);
  }

  cancelAll(caller: Caller, productId?: string): Result<string[]> {
    const { state, expiring, execution } = this.parts;
    const profile = state.profiles.get(caller.profileId);
    if (profile === undefined) return failure(404, 'NotFound');
    expiring.expireDue();
    const normalized = normalizeProductId(productId);
    // A product id the exchange does not know (ccxt sends "BTC/USD") is ignored, as Coinbase tolerates it.
    const filterId = normalized !== undefined && state.products.has(normalized) ? normalized : undefined;
    const canceled: string[] = [];
    for (const order of [...profile.orders]) {
      if (order.status === 'done' || (filterId !== undefined && order.product.id !== filterId)) continue;
      const productState = state.productState(order.product.id);
      execution.cancel(productState, order, undefined);
      this.complete(productState);
      canceled.push(order.id);
    }
    return success(canceled);
  }

  /** Cancels a GTT order whose `expire_time` has come (the expiry queue calls this). */
  expire(order: OrderRecord, cancelReason: string): void {
    const productState = this.parts.state.productState(order.product.id);
    this.parts.execution.cancel(productState, order, cancelReason);
    this.complete(productState);
  }

  /** After every command: trigger the stops its trades reached, publish book and ticker, deliver. */
  private complete(productState: ProductState): void {
    this.parts.stopTriggers.triggerReached(productState);
    this.parts.execution.publishMarketData(productState);
    this.parts.outbox.deliver();
  }
}
