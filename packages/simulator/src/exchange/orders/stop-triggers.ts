import type { Clock } from '@tradeloop/clock';
import type { EventOutbox } from '../event-outbox.js';
import type { ProductState } from '../exchange-state.js';
import type { OrderRecord } from '../records.js';
import { activateEvent } from '../wire/feed-messages.js';
import { setHold } from './holds.js';
import type { OrderExecution } from './order-execution.js';

/**
 * Stop orders: they wait, unseen by the public feed, until a trade reaches their stop price, then
 * enter matching like a new order. A triggered stop may trade and trigger further stops; the
 * cascade runs to its end within the command that started it.
 */
export class StopTriggers {
  constructor(
    private readonly clock: Clock,
    private readonly outbox: EventOutbox,
    private readonly execution: OrderExecution,
  ) {}

  /** Parks a newly admitted stop order (`active`); only its owner hears of it. */
  activate(productState: ProductState, order: OrderRecord): void {
    order.status = 'active';
    productState.stops.add(order);
    if (this.outbox.hasListeners) this.outbox.publish(activateEvent(order, this.clock.now()));
  }

  /** Triggers the stops the command's trades reached, and those their trades reach in turn. */
  triggerReached(productState: ProductState): void {
    while (productState.tradedSinceStopCheck) {
      productState.tradedSinceStopCheck = false;
      const last = productState.tape.last();
      if (last === undefined || productState.stops.size === 0) break;
      for (const order of productState.stops.takeTriggered(last.priceTicks)) {
        if (order.status !== 'active') continue;
        order.status = 'pending';
        // A stop without a limit price trades as a market order against available funds.
        if (order.isMarket) setHold(order, 0n);
        this.execution.execute(productState, order);
      }
    }
  }
}
