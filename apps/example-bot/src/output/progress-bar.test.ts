import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress-bar.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (text: string) => writes.push(text) } };
}

describe('ProgressBar', () => {
  it('redraws one line on a terminal with a bar, the count and an ETA', () => {
    const { writes, stream: terminal } = stream(true);
    let now = 0;
    const progress = new ProgressBar({ label: 'backtest', total: 200, stream: terminal, now: () => now });
    now = 10_000;
    progress.update(50);
    expect(writes.at(-1)).toBe(`\rbacktest [${'█'.repeat(7)}${'░'.repeat(21)}]  25% 50/200 ETA 30s\u001b[K`);
    now = 10_050;
    progress.update(60); // within the redraw interval: not drawn
    expect(writes).toHaveLength(1);
    now = 20_000;
    progress.finish();
    expect(writes.at(-2)).toBe(`\rbacktest [${'█'.repeat(28)}] 100% 200/200 done in 20s\u001b[K`);
    expect(writes.at(-1)).toBe('\n');
    progress.finish();
    expect(writes).toHaveLength(3);
  });

  it('writes plain periodic lines when not on a terminal', () => {
    const { writes, stream: log } = stream(false);
    let now = 0;
    const progress = new ProgressBar({
      label: 'downloading BTC-USD',
      total: 1000,
      stream: log,
      now: () => now,
      lineIntervalMs: 5000,
    });
    for (let step = 1; step <= 10; step += 1) {
      now = step * 1000;
      progress.increment(100);
    }
    // Lines at 1 s and 6 s only (every 5 s), then the final one.
    progress.finish();
    expect(writes).toEqual([
      'downloading BTC-USD: 10% (100/1,000), ETA 9s\n',
      'downloading BTC-USD: 60% (600/1,000), ETA 4s\n',
      'downloading BTC-USD: 100% (1,000/1,000), done in 10s\n',
    ]);
  });

  it('shows bytes in MB (a recording replayed as it is read)', () => {
    const { writes, stream: log } = stream(false);
    const progress = new ProgressBar({
      label: 'backtest',
      total: 66_952_510,
      unit: 'bytes',
      stream: log,
      now: () => 0,
    });
    progress.update(12_345_678);
    expect(writes).toEqual(['backtest: 18% (12.3/67.0 MB), ETA 0s\n']);
  });
});
