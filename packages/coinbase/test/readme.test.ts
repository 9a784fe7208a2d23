import { readFileSync } from 'node:fs';
import { expect, it, vi } from 'vitest';

it.each([
  ['Exchange', 'readme-example'],
  ['Advanced Trade', 'readme-advanced-trade-example'],
])(
  'the README’s %s example is test/%s.ts, and it prints what the README says',
  {
    timeout: 30_000,
  },
  async (_api, name) => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL(`./${name}.ts`, import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
    const printed: unknown[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(...args);
    });
    try {
      await import(`./${name}.js`);
    } finally {
      log.mockRestore();
    }
    expect(printed).toEqual(['running']);
  },
);
