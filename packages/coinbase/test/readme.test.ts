import { readFileSync } from 'node:fs';
import { expect, it, vi } from 'vitest';

it('the README example is test/readme-example.ts, and it prints what the README says', {
  timeout: 30_000,
}, async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  const printed: unknown[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(...args);
  });
  try {
    await import('./readme-example.js');
  } finally {
    log.mockRestore();
  }
  expect(printed).toEqual(['running']);
});

it('the README’s Advanced Trade example is test/readme-advanced-trade-example.ts, and it prints what the README says', {
  timeout: 30_000,
}, async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-advanced-trade-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  const printed: unknown[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(...args);
  });
  try {
    await import('./readme-advanced-trade-example.js');
  } finally {
    log.mockRestore();
  }
  expect(printed).toEqual(['running']);
});
