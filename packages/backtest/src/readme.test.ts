import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';

it('runs the README example as it is', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const marker = readme.indexOf('<!-- readme-example');
  const start = readme.indexOf('```ts\n', marker) + '```ts\n'.length;
  const code = readme.slice(start, readme.indexOf('```\n', start));
  const directory = mkdtempSync(join(tmpdir(), 'backtest-readme-'));
  const previous = process.cwd();
  const printed: unknown[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((value: unknown) => void printed.push(value));
  try {
    const file = join(directory, 'example.ts');
    writeFileSync(file, code);
    process.chdir(directory);
    await import(/* @vite-ignore */ file);
    const result = JSON.parse(readFileSync(join(directory, 'result.json'), 'utf8'));
    expect(result.format).toBe('tradeloop.run-result');
    expect(result.trades.length).toBeGreaterThan(1);
    expect(printed).toEqual([
      expect.objectContaining({
        trades: result.metrics.overall.trades,
        feesPaid: result.metrics.overall.feesPaid,
      }),
    ]);
  } finally {
    log.mockRestore();
    process.chdir(previous);
    rmSync(directory, { recursive: true, force: true });
  }
});
