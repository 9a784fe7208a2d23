import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = new URL('.', import.meta.url).pathname;

/** Every source file of the package (tests, benches and fixtures aside), as [path, text without comment lines]. */
function sources(): Array<[string, string]> {
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter(
    (file) =>
      file.endsWith('.ts') &&
      !file.endsWith('.test.ts') &&
      !file.endsWith('.bench.ts') &&
      !file.includes('__fixtures__'),
  );
  return files.map((file) => [
    file,
    readFileSync(join(srcDir, file), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*|\/\*\*)/.test(line))
      .join('\n'),
  ]);
}

describe('package boundaries (decision 0006)', () => {
  it('depends at run time on the ports it needs only: no exchange client', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@tradeloop/clock',
      '@tradeloop/errors',
      'decimal.js',
      'eventemitter3',
    ]);
    const clientImports = sources().filter(([, text]) =>
      /from '@tradeloop\/(rest|websocket|auth|coinbase|simulator)'/.test(text),
    );
    expect(clientImports.map(([file]) => file)).toEqual([]);
  });

  it('reads time and sets timers only through the injected clock', () => {
    const direct = sources().filter(([, text]) => /\b(Date\.now|setTimeout|setInterval)\s*\(/.test(text));
    expect(direct.map(([file]) => file)).toEqual([]);
  });
});
