import { SeededRandom } from './random.js';

/** A level-2 snapshot and a stream of `l2update` frames that keep it consistent (never crossed). */
export interface Level2Stream {
  productId: string;
  snapshot: { bids: Array<[string, string]>; asks: Array<[string, string]> };
  /** The snapshot as the text frame Coinbase sends. */
  snapshotFrame: string;
  /** `l2update` text frames, as Coinbase sends them. */
  updateFrames: string[];
}

/**
 * A seeded BTC-USD-like level-2 stream: `levels` price levels a side around a fixed mid (cent
 * ticks), then updates that mostly resize levels near the top, add some, and remove some (size
 * "0"), one to three changes per message like Coinbase's `level2` channel. Bids stay below the mid
 * and asks above it, so the book never crosses, and replaying the stream in a loop keeps its size.
 */
export function level2Stream(options: { levels: number; updates: number; seed: number }): Level2Stream {
  const random = new SeededRandom(options.seed);
  const productId = 'BTC-USD';
  const centerTicks = 6_432_100; // 64,321.00
  const halfSpreadTicks = 1;
  const size = () => `${random.integer(0, 3)}.${String(random.integer(1, 99_999_999)).padStart(8, '0')}`;
  const price = (ticks: number) => `${Math.floor(ticks / 100)}.${String(ticks % 100).padStart(2, '0')}`;

  const bids: Array<[string, string]> = [];
  const asks: Array<[string, string]> = [];
  for (let level = 0; level < options.levels; level += 1) {
    bids.push([price(centerTicks - halfSpreadTicks - level), size()]);
    asks.push([price(centerTicks + halfSpreadTicks + level), size()]);
  }
  const snapshot = { bids, asks };
  const snapshotFrame = JSON.stringify({ type: 'snapshot', product_id: productId, ...snapshot });

  const updateFrames: string[] = [];
  const start = Date.UTC(2025, 0, 2, 12, 0, 0);
  for (let index = 0; index < options.updates; index += 1) {
    const changes: Array<[string, string, string]> = [];
    const count = random.next() < 0.8 ? 1 : random.integer(2, 3);
    for (let change = 0; change < count; change += 1) {
      const side = random.next() < 0.5 ? 'buy' : 'sell';
      // Most activity within 20 ticks of the top; some deeper.
      const depth = random.next() < 0.85 ? random.integer(0, 20) : random.integer(21, 400);
      const ticks =
        side === 'buy' ? centerTicks - halfSpreadTicks - depth : centerTicks + halfSpreadTicks + depth;
      changes.push([side, price(ticks), random.next() < 0.3 ? '0' : size()]);
    }
    const time = new Date(start + index).toISOString().replace('Z', '123Z');
    updateFrames.push(JSON.stringify({ type: 'l2update', product_id: productId, changes, time }));
  }
  return { productId, snapshot, snapshotFrame, updateFrames };
}
