/** A stop order waiting for its trigger: the engine only needs its stop price and direction. */
export interface StopEntry {
  readonly stopTicks: number;
  /** `loss` triggers when the last trade is at or below the stop price, `entry` at or above (undefined: not a stop). */
  readonly stopKind: 'loss' | 'entry' | undefined;
}

/**
 * Untriggered stop orders of one product. Each direction is a sorted array whose next order to
 * trigger is last (loss: ascending stop price; entry: descending), so a trigger is a pop.
 * Among equal stop prices the earliest order triggers first.
 */
export class StopBook<Entry extends StopEntry> {
  private readonly loss: Entry[] = [];
  private readonly entry: Entry[] = [];

  get size(): number {
    return this.loss.length + this.entry.length;
  }

  add(order: Entry): void {
    const list = order.stopKind === 'loss' ? this.loss : this.entry;
    list.splice(this.insertionIndex(list, order), 0, order);
  }

  /** Removes an order (a cancel). Returns false when it was not waiting here. */
  remove(order: Entry): boolean {
    const list = order.stopKind === 'loss' ? this.loss : this.entry;
    const index = list.lastIndexOf(order);
    if (index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  /** Removes and returns, in trigger order, every stop the last trade price has reached. */
  takeTriggered(lastPriceTicks: number): Entry[] {
    const triggered: Entry[] = [];
    const loss = this.loss;
    while (loss.length > 0 && (loss[loss.length - 1] as Entry).stopTicks >= lastPriceTicks) {
      triggered.push(loss.pop() as Entry);
    }
    const entry = this.entry;
    while (entry.length > 0 && (entry[entry.length - 1] as Entry).stopTicks <= lastPriceTicks) {
      triggered.push(entry.pop() as Entry);
    }
    return triggered;
  }

  /** All waiting stops (for listings and tests). */
  all(): Entry[] {
    return [...this.loss, ...this.entry];
  }

  /**
   * Index that keeps the list sorted with the next trigger last and, among equal stop prices,
   * older orders nearer the end: a new order goes before every order with the same stop price.
   */
  private insertionIndex(list: Entry[], order: Entry): number {
    // rank ascends along the array; later-triggering orders have lower rank.
    const rank = (candidate: Entry) =>
      order.stopKind === 'loss' ? candidate.stopTicks : -candidate.stopTicks;
    const target = rank(order);
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (rank(list[middle] as Entry) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
