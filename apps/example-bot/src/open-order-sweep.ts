/**
 * The last step of a stop: ask the exchange itself which of the bot's orders are still open (a
 * cancel can be lost to a network fault, an unclear placement can surface late), cancel those,
 * and look again until none is left or time runs out.
 */
import type { EmitBotEvent } from './activity-reporter.js';
import type { OrderIdentity } from './output/summary.js';
import type { SweepRequest } from './venue/trading-session.js';

/** What the sweep needs: how to ask the exchange (either API), and whose orders to cancel. */
export interface SweepOptions extends SweepRequest {
  /** Every order still working on the account, with the client order id it was placed with (if any). */
  listOpenOrders(): AsyncIterable<{ clientOrderId: string | undefined; orderId: string; productId: string }>;
  cancelOrder(order: OrderIdentity): Promise<unknown>;
}

/**
 * @returns the bot's orders still open at the end: empty, unless the exchange kept refusing the
 *   cancels or could not be asked (then the orders the bot believes are working).
 */
export async function sweepOpenOrders(options: SweepOptions): Promise<OrderIdentity[]> {
  const { emit } = options;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    let open: OrderIdentity[];
    try {
      open = [];
      for await (const order of options.listOpenOrders()) {
        if (order.clientOrderId !== undefined && options.ownClientOrderIds.has(order.clientOrderId)) {
          open.push({
            clientOrderId: order.clientOrderId,
            orderId: order.orderId,
            productId: order.productId,
          });
        }
      }
    } catch (error) {
      report(emit, 'listing open orders at shutdown', error);
      if (Date.now() > deadline) return options.believedWorking();
      await delay(250);
      continue;
    }
    if (open.length === 0 || Date.now() > deadline) return open;
    for (const order of open) {
      try {
        await options.cancelOrder(order);
      } catch (error) {
        report(emit, `canceling ${order.clientOrderId} at shutdown`, error);
      }
    }
    await delay(100);
  }
}

function report(emit: EmitBotEvent, source: string, error: unknown): void {
  emit({
    type: 'error-reported',
    source,
    code: (error as { code?: string } | undefined)?.code,
    message: error instanceof Error ? error.message : String(error),
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
