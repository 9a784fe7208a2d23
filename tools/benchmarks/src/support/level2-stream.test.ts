import { Level2Book, parseFeedMessage } from '@tradeloop/websocket';
import { describe, expect, it } from 'vitest';
import { level2Stream } from './level2-stream.js';

describe('level2Stream', () => {
  it('is the same for the same seed and different for another', () => {
    const first = level2Stream({ levels: 50, updates: 200, seed: 3 });
    expect(level2Stream({ levels: 50, updates: 200, seed: 3 })).toEqual(first);
    expect(level2Stream({ levels: 50, updates: 200, seed: 4 }).updateFrames).not.toEqual(first.updateFrames);
  });

  it('produces frames the tradeloop parser accepts, and a book that never crosses', () => {
    const stream = level2Stream({ levels: 100, updates: 5_000, seed: 9 });
    const book = new Level2Book(stream.productId);
    book.applySnapshot(stream.snapshot);
    for (const frame of stream.updateFrames) {
      const message = parseFeedMessage(frame);
      expect(message.type).toBe('l2update');
      if (message.type === 'l2update') book.applyUpdate(message);
      expect(book.isCrossed()).toBe(false);
    }
    expect(book.bidLevels).toBeGreaterThan(50);
    expect(book.askLevels).toBeGreaterThan(50);
  });
});
