/** What went wrong with a product's sequence. */
export type SequenceProblem = 'gap' | 'duplicate' | 'out-of-order';

/**
 * A sequence problem on one product.
 * - `gap`: `missing` messages were never received; `expected` is the first of them. Seen on a
 *   message (`via: 'message'`, `received` is its sequence) or on a heartbeat, which carries the
 *   product's latest sequence without consuming one (`via: 'heartbeat'`, `received` is that
 *   sequence, itself missing).
 * - `duplicate`: the message repeats the last sequence; `out-of-order`: it is older. Both are
 *   ignored by the feed.
 */
export interface SequenceGap {
  productId: string;
  kind: SequenceProblem;
  expected: number;
  received: number;
  missing: number;
  via: 'message' | 'heartbeat';
}

/** The verdict on one sequence number. */
export type SequenceVerdict = 'first' | 'next' | SequenceProblem;

/**
 * Follows the per-product sequence of the `full` channel (each public message consumes one
 * number). A gap moves the tracker past it, so one loss is reported once.
 */
export class SequenceTracker {
  // Product ids are few and long-lived; the map only grows and is cleared on reconnect.
  readonly #last = new Map<string, number>();
  #lastProblem: SequenceGap | undefined;

  /** The last sequence seen for `productId`, if any. */
  last(productId: string): number | undefined {
    return this.#last.get(productId);
  }

  /** The details of the problem reported by the latest `observe` / `observeHeartbeat`. */
  get lastProblem(): SequenceGap | undefined {
    return this.#lastProblem;
  }

  /** Judges a message's sequence and records it. Details of a problem are in {@link lastProblem}. */
  observe(productId: string, sequence: number): SequenceVerdict {
    const last = this.#last.get(productId);
    if (last === undefined) {
      this.#last.set(productId, sequence);
      return 'first';
    }
    if (sequence === last + 1) {
      this.#last.set(productId, sequence);
      return 'next';
    }
    if (sequence > last + 1) {
      this.#last.set(productId, sequence);
      this.#lastProblem = {
        productId,
        kind: 'gap',
        expected: last + 1,
        received: sequence,
        missing: sequence - last - 1,
        via: 'message',
      };
      return 'gap';
    }
    const kind = sequence === last ? 'duplicate' : 'out-of-order';
    this.#lastProblem = {
      productId,
      kind,
      expected: last + 1,
      received: sequence,
      missing: 0,
      via: 'message',
    };
    return kind;
  }

  /**
   * Judges a heartbeat's sequence (the product's latest, not consumed by the heartbeat): above the
   * last message seen means the messages up to it were lost.
   */
  observeHeartbeat(productId: string, sequence: number): 'first' | 'next' | 'gap' {
    const last = this.#last.get(productId);
    if (last === undefined) {
      this.#last.set(productId, sequence);
      return 'first';
    }
    if (sequence <= last) return 'next';
    this.#last.set(productId, sequence);
    this.#lastProblem = {
      productId,
      kind: 'gap',
      expected: last + 1,
      received: sequence,
      missing: sequence - last,
      via: 'heartbeat',
    };
    return 'gap';
  }

  /** Forgets one product (unsubscribed) or all (a new connection starts new streams). */
  reset(productId?: string): void {
    if (productId === undefined) this.#last.clear();
    else this.#last.delete(productId);
  }
}
