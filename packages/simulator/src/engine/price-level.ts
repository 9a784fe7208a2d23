/** What a level needs of an order: its remaining size and a pointer back to the level it rests on. */
export interface QueuedOrder {
  remaining: number;
  /** The level the order rests on, or undefined when it is not on the book. */
  level: PriceLevel<QueuedOrder> | undefined;
}

/**
 * The orders resting at one price, in arrival order. Removal is lazy: a canceled order stays in
 * the queue (its `level` no longer points here) until the queue head passes it or compaction
 * drops it, so a cancel costs O(1) instead of a splice.
 */
export class PriceLevel<Order extends QueuedOrder> {
  /** Total remaining base increments of the live orders. */
  size = 0;
  /** Number of live orders. */
  count = 0;
  /** Arrival-ordered queue, live orders from `head` on (interleaved with removed ones). */
  queue: Order[] = [];
  head = 0;

  constructor(readonly priceTicks: number) {}

  push(order: Order): void {
    this.queue.push(order);
    this.size += order.remaining;
    this.count += 1;
    order.level = this as unknown as PriceLevel<QueuedOrder>;
  }

  /** The oldest live order, or undefined when the level is empty. */
  front(): Order | undefined {
    const queue = this.queue;
    while (this.head < queue.length) {
      const order = queue[this.head] as Order;
      if (order.level === (this as unknown as PriceLevel<QueuedOrder>)) return order;
      this.head += 1;
    }
    return undefined;
  }

  /** Takes a live order off this level (its remaining size leaves the level's total). */
  detach(order: Order): void {
    this.size -= order.remaining;
    this.count -= 1;
    order.level = undefined;
    const queue = this.queue;
    if (this.count === 0) {
      queue.length = 0;
      this.head = 0;
    } else if (queue[this.head] === order) {
      this.head += 1;
      if (this.head > 64 && this.head * 2 > queue.length) this.compact();
    } else if (queue.length - this.head > 64 && this.count * 4 < queue.length - this.head) {
      this.compact();
    }
  }

  /** Live orders, oldest first. */
  *orders(): Generator<Order> {
    const self = this as unknown as PriceLevel<QueuedOrder>;
    for (let index = this.head; index < this.queue.length; index += 1) {
      const order = this.queue[index] as Order;
      if (order.level === self) yield order;
    }
  }

  private compact(): void {
    const self = this as unknown as PriceLevel<QueuedOrder>;
    const live: Order[] = [];
    for (let index = this.head; index < this.queue.length; index += 1) {
      const order = this.queue[index] as Order;
      if (order.level === self) live.push(order);
    }
    this.queue = live;
    this.head = 0;
  }
}
