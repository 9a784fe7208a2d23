import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { refusal } from '../../test/support/config-refusal.js';
import { loadBotStrategy } from './load-strategy.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));
const appDirectory = fileURLToPath(new URL('../..', import.meta.url));

describe('loadBotStrategy', () => {
  it('finds the built-in strategies by name and types their parameters like the defaults', async () => {
    const loaded = await loadBotStrategy('market-maker', { spread: '0.001', refreshMs: '500' }, appDirectory);
    expect(loaded.strategy.name).toBe('market-maker');
    expect(loaded.params).toEqual({ spread: '0.001', refreshMs: 500 });
    const trend = await loadBotStrategy('trend-follower', { allowShort: 'true' }, appDirectory);
    expect(trend.params).toEqual({ allowShort: true });
  });

  it('loads the README’s own plugin example from a file', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(readFileSync(fixture('dip-buyer.ts'), 'utf8'));
    const loaded = await loadBotStrategy(fixture('dip-buyer.ts'), { dip: '0.001' }, appDirectory);
    expect(loaded.strategy.name).toBe('dip-buyer');
    expect(loaded.params).toEqual({ dip: '0.001' });
  });

  it.each([
    [
      { sprad: '0.001' },
      'The market-maker strategy refuses its parameters (unknown parameter sprad; expected one of',
    ],
    [{ spread: '-1' }, 'spread must be a non-negative decimal'],
    [{ orderSize: '0.01', maxInventory: '0.001' }, 'maxInventory must be at least orderSize'],
    [
      { refreshMs: 'soon' },
      '--param refreshMs must be a number for the market-maker strategy (default 1000)',
    ],
  ])('refuses bad parameters in one sentence %#', async (params, expected) => {
    const message = await refusal(loadBotStrategy('market-maker', params, appDirectory));
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('refuses a boolean parameter that is not true or false', async () => {
    const message = await refusal(loadBotStrategy('trend-follower', { allowShort: 'yes' }, appDirectory));
    expect(message).toContain('--param allowShort must be true or false');
  });

  it('says what a strategy module must look like when it cannot be used', async () => {
    const missing = await refusal(loadBotStrategy(fixture('no-such-file.ts'), {}, appDirectory));
    expect(missing).toMatch(
      /^The strategy could not be loaded \(strategy plugin .*no-such-file\.ts: expected a file/,
    );
    const wrong = await refusal(loadBotStrategy(fixture('not-a-strategy.ts'), {}, appDirectory));
    expect(wrong).toContain('expected a default export made by defineStrategy()');
    const unknownPackage = await refusal(loadBotStrategy('@nobody/no-such-strategy', {}, appDirectory));
    expect(unknownPackage).toContain('expected an installed package');
  });
});
