/**
 * One side of a book: levels kept in two parallel arrays sorted by an integer key, ascending, with
 * the best level at the END. Bids use the price key, asks its negation, so "best" is always the
 * last element. Updates cluster near the best price, where a splice moves only a few elements;
 * no Map is involved, so nothing is ever deleted from a hash table on the hot path.
 */
export class PriceLadder<Level> {
  #keys: number[] = [];
  #levels: Level[] = [];

  /** Number of levels. */
  get length(): number {
    return this.#keys.length;
  }

  /**
   * Index of `key` when present; otherwise `-(insertionIndex + 1)`. Looks at the best end first,
   * where most updates land.
   */
  search(key: number): number {
    const keys = this.#keys;
    let high = keys.length - 1;
    if (high < 0) return -1;
    const last = keys[high] as number;
    if (key === last) return high;
    if (key > last) return -(high + 2);
    let low = 0;
    high -= 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const probe = keys[middle] as number;
      if (probe < key) low = middle + 1;
      else if (probe > key) high = middle - 1;
      else return middle;
    }
    return -(low + 1);
  }

  /** The level at `index` (0 = worst, `length - 1` = best). */
  levelAt(index: number): Level | undefined {
    return this.#levels[index];
  }

  keyAt(index: number): number | undefined {
    return this.#keys[index];
  }

  /** Inserts at the position `search` reported as `-(index + 1)`. */
  insertAt(index: number, key: number, level: Level): void {
    if (index === this.#keys.length) {
      this.#keys.push(key);
      this.#levels.push(level);
    } else {
      this.#keys.splice(index, 0, key);
      this.#levels.splice(index, 0, level);
    }
  }

  removeAt(index: number): void {
    if (index === this.#keys.length - 1) {
      this.#keys.pop();
      this.#levels.pop();
    } else {
      this.#keys.splice(index, 1);
      this.#levels.splice(index, 1);
    }
  }

  /** Replaces the contents with keys that are already sorted ascending and unique. */
  replace(sortedKeys: number[], levels: Level[]): void {
    this.#keys = sortedKeys;
    this.#levels = levels;
  }

  clear(): void {
    this.#keys = [];
    this.#levels = [];
  }

  /**
   * Multiplies every key by `factor` (when the book meets a price with more decimals than its
   * keys carry). Returns the largest absolute key, so the caller can check it stays exact.
   */
  multiplyKeys(factor: number): number {
    const keys = this.#keys;
    let largest = 0;
    for (let index = 0; index < keys.length; index += 1) {
      const key = (keys[index] as number) * factor;
      keys[index] = key;
      const magnitude = key < 0 ? -key : key;
      if (magnitude > largest) largest = magnitude;
    }
    return largest;
  }
}
