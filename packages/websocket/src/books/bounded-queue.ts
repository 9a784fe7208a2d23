/**
 * A FIFO that holds at most `capacity` items; pushing into a full queue drops the oldest. Used to
 * buffer the feed while a level-3 snapshot is fetched, so a slow snapshot never grows memory
 * without bound.
 */
export class BoundedQueue<Item> {
  readonly capacity: number;
  #items: Item[] = [];
  #head = 0;
  #dropped = 0;

  constructor(capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) {
      throw new RangeError(`expected a positive integer capacity, received ${capacity}`);
    }
    this.capacity = capacity;
  }

  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Items dropped because the queue was full, since the last `clear`. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Adds an item; returns false when an older item had to be dropped for it. */
  push(item: Item): boolean {
    this.#items.push(item);
    if (this.length <= this.capacity) return true;
    this.#head += 1;
    this.#dropped += 1;
    // Compact once the dead prefix is as long as the live part: amortised O(1) per push.
    if (this.#head >= this.capacity) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return false;
  }

  /** Removes and returns every item, oldest first. */
  drain(): Item[] {
    const items = this.#head === 0 ? this.#items : this.#items.slice(this.#head);
    this.clear();
    return items;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
    this.#dropped = 0;
  }
}
