/**
 * The last step of a stop: ask the exchange itself which of the bot's orders are still open (a
 * cancel can be lost to a network fault, an unclear placement can surface late), cancel those,
 * and look again until none is left or time runs out.
 */
import type { CoinbaseExchangeClient } from '@tradeloop/rest';
import type { EmitBotEvent } from './activity-reporter.js';
import type { OrderIdentity } from './output/summary.js';

/** What the sweep needs. */
export interface SweepOptions {
  client: CoinbaseExchangeClient;
  /** Client order ids of the bot's orders; other open orders on the account are left alone. */
  ownClientOrderIds: ReadonlySet<string>;
  /** The bot's own belief, reported when the exchange cannot be asked. */
  believedWorking: () => OrderIdentity[];
  emit: EmitBotEvent;
  timeoutMs: number;
}

/**
 * @returns the bot's orders still open at the end: empty, unless the exchange kept refusing the
 *   cancels or could not be asked (then the orders the bot believes are working).
 */
export async function sweepOpenOrders(options: SweepOptions): Promise<OrderIdentity[]> {
  const { client, emit } = options;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    let open: OrderIdentity[];
    try {
      open = [];
      for await (const order of client.iterateOrders({ status: ['open', 'pending', 'active'] })) {
        if (order.client_oid !== undefined && options.ownClientOrderIds.has(order.client_oid)) {
          open.push({ clientOrderId: order.client_oid, orderId: order.id, productId: order.product_id });
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
        await client.cancelOrder(order.orderId!, order.productId);
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
