import { type CancelTimer, type Clock, sleep } from '@tradeloop/clock';
import type { OrderManager } from '../execution/order-manager.js';
import type { EventLoop } from './event-loop.js';

/** What the shutdown waits watch. */
export interface ShutdownWaitParts {
  readonly clock: Clock;
  readonly orders: OrderManager;
  readonly loop: EventLoop;
}

/**
 * Waits (until `deadline` on the runtime clock) for venue calls in flight and the event loop to
 * finish. With a `ManualClock` the deadline passes only when the test moves time; the wait ends
 * as soon as the venue has answered.
 */
export async function quiesce({ clock, orders, loop }: ShutdownWaitParts, deadline: number): Promise<void> {
  do {
    const remaining = deadline - clock.now();
    if (remaining <= 0) break;
    let cancelTimer: CancelTimer | undefined;
    await Promise.race([
      orders.settled(),
      new Promise((resolve) => {
        cancelTimer = clock.setTimer(remaining, () => resolve(undefined));
      }),
    ]);
    cancelTimer?.();
    await loop.idle();
  } while (orders.inFlight > 0);
}

/**
 * Waits until no order is working, or `timeoutMs` passed on the runtime clock.
 * @returns how many orders are still working.
 */
export async function waitForNoWorkingOrders(
  { clock, orders, loop }: ShutdownWaitParts,
  timeoutMs: number,
): Promise<number> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    // Cancels answered by REST settle the calls; the feed's confirmations land in the loop.
    await orders.settled();
    await loop.idle();
    if (orders.working().size === 0 || clock.now() >= deadline) break;
    await sleep(clock, Math.min(20, deadline - clock.now()));
  }
  return orders.working().size;
}
