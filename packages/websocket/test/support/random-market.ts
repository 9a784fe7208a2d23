import type { Caller, RunningSimulator } from '@tradeloop/simulator';

/**
 * A seeded crowd of traders that places, crosses and cancels orders on the simulator's in-process
 * exchange, next to its synthetic market: a denser stream than the background market alone, and
 * self-trades (two profiles share a user) that produce STP `change` messages.
 */
export class RandomMarket {
  readonly #simulator: RunningSimulator;
  readonly #productId: string;
  readonly #traders: Caller[];
  readonly #open: Array<{ caller: Caller; id: string }> = [];
  #state: number;
  #timer: NodeJS.Timeout | undefined;
  #stopped: (() => void) | undefined;
  /** Orders placed (accepted) so far. */
  placed = 0;

  constructor(simulator: RunningSimulator, productId: string, seed: number) {
    this.#simulator = simulator;
    this.#productId = productId;
    this.#state = seed >>> 0 || 1;
    const exchange = simulator.exchange;
    const funded = { USD: '100000000', BTC: '100000', ETH: '1000000' };
    const first = exchange.addProfile({ balances: funded, keepsHistory: false });
    // The second profile shares the first one's user, so some trades are self-trades (STP).
    const second = exchange.addProfile({ balances: funded, keepsHistory: false, userId: first.userId });
    const third = exchange.addProfile({ balances: funded, keepsHistory: false });
    this.#traders = [first, second, third].map((profile) => exchange.caller(profile.profileId));
  }

  /**
   * Runs `actions` actions, `actionsPerTick` every millisecond or so, so the feed sees a steady
   * stream rather than one burst. Resolves when all are done (or {@link stop} is called).
   */
  run(actions: number, actionsPerTick = 3): Promise<void> {
    let left = actions;
    return new Promise((resolve) => {
      this.#timer = setInterval(() => {
        for (let action = 0; action < actionsPerTick && left > 0; action += 1, left -= 1) this.step();
        if (left === 0) {
          this.stop();
          resolve();
        }
      }, 1);
      this.#stopped = resolve;
    });
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stopped?.();
  }

  /** One random action. */
  step(): void {
    const exchange = this.#simulator.exchange;
    const roll = this.#random();
    const caller = this.#traders[Math.floor(this.#random() * this.#traders.length)] as Caller;
    if (roll < 0.3 && this.#open.length > 0) {
      const index = Math.floor(this.#random() * this.#open.length);
      const [order] = this.#open.splice(index, 1);
      if (order) exchange.cancelOrder(order.caller, order.id);
      return;
    }
    const side = this.#random() < 0.5 ? 'buy' : 'sell';
    // Mostly resting orders within 4 dollars of the synthetic market's fair price (BTC-USD
    // ticks are cents), sometimes crossing ones.
    const anchor = this.#simulator.exchange.market?.fairTicks(this.#productId) ?? 6_425_000;
    const crossing = roll > 0.85;
    const offsetCents = Math.floor(this.#random() * 400) + 1;
    const priceCents = crossing
      ? anchor + (side === 'buy' ? 1 : -1) * Math.floor(this.#random() * 300)
      : anchor + (side === 'buy' ? -offsetCents : offsetCents);
    const sizeUnits = Math.floor(this.#random() * 5_000_000) + 1_000; // 0.00001000 .. 0.05
    const result = exchange.placeOrder(caller, {
      product_id: this.#productId,
      side,
      type: 'limit',
      price: (priceCents / 100).toFixed(2),
      size: (sizeUnits / 1e8).toFixed(8),
      stp: 'dc',
    });
    if (result.ok) {
      this.placed += 1;
      if (result.value.status !== 'done') this.#open.push({ caller, id: result.value.id });
      if (this.#open.length > 2_000) {
        const [oldest] = this.#open.splice(0, 1);
        if (oldest) exchange.cancelOrder(oldest.caller, oldest.id);
      }
    }
  }

  /** xorshift32: deterministic per seed. */
  #random(): number {
    let state = this.#state;
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    this.#state = state >>> 0;
    return this.#state / 4294967296;
  }
}
