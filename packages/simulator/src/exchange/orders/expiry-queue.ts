import type { CancelTimer, Clock } from '@tradeloop/clock';
import type { OrderRecord } from '../records.js';

/**
 * GTT orders waiting for their `expire_time`, soonest last, with one clock timer armed for
 * the soonest. Orders that finish early are skipped when reached, not searched for.
 */
export class ExpiryQueue {
  private readonly waiting: OrderRecord[] = [];
  private timer: { cancel: CancelTimer; dueAt: number } | undefined;
  private paused = false;

  /**
   * @param expire cancels one order whose time has come.
   */
  constructor(
    private readonly clock: Clock,
    private readonly expire: (order: OrderRecord) => void,
  ) {}

  add(order: OrderRecord): void {
    const waiting = this.waiting;
    const expireTime = order.expireTime as number;
    let index = waiting.length;
    while (index > 0 && ((waiting[index - 1] as OrderRecord).expireTime as number) < expireTime) index -= 1;
    waiting.splice(index, 0, order);
    this.arm();
  }

  /** Expires every not-done order whose time has come (also called lazily before each request). */
  expireDue(): void {
    const waiting = this.waiting;
    const now = this.clock.now();
    while (waiting.length > 0) {
      const order = waiting[waiting.length - 1] as OrderRecord;
      if (order.status !== 'done' && (order.expireTime as number) > now) break;
      waiting.pop();
      if (order.status !== 'done') this.expire(order);
    }
  }

  /** Stops the timer (the exchange stopped); lazy expiry on requests goes on. */
  pause(): void {
    this.paused = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  resume(): void {
    this.paused = false;
    this.arm();
  }

  private arm(): void {
    if (this.paused) return;
    const next = this.waiting[this.waiting.length - 1];
    if (next === undefined) return;
    const dueAt = next.expireTime as number;
    if (this.timer !== undefined && this.timer.dueAt <= dueAt) return;
    this.timer?.cancel();
    const cancel = this.clock.setTimer(dueAt - this.clock.now(), () => {
      this.timer = undefined;
      this.expireDue();
      this.arm();
    });
    this.timer = { cancel, dueAt };
  }
}
