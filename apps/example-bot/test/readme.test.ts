import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../src/config.js';
import marketMaker from '../src/strategies/market-maker.js';
import trendFollower from '../src/strategies/trend-follower.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README keeps up with the code', () => {
  it('documents every option and its environment variable', () => {
    for (const [name, spec] of Object.entries(OPTIONS)) {
      expect(readme, `--${name}`).toContain(`\`--${name}`);
      if ('env' in spec) expect(readme, spec.env).toContain(`\`${spec.env}\``);
    }
  });

  it('documents every parameter of the built-in strategies with its default', () => {
    for (const strategy of [marketMaker, trendFollower]) {
      for (const [name, value] of Object.entries(strategy.params?.defaults ?? {})) {
        expect(readme, `${strategy.name}.${name}`).toContain(`| \`${name}\``);
        expect(readme, `${strategy.name}.${name} default`).toMatch(
          new RegExp(`\\| \`${name}\` +\\| \`${String(value).replace('.', '\\.')}\``),
        );
      }
    }
  });
});
