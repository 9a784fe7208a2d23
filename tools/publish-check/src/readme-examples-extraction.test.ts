import { describe, expect, it } from 'vitest';
import {
  examplesInSection,
  expectedConsoleOutput,
  extractCodeExamples,
  importedPackages,
  NOT_RUN_MARKER,
} from './readme-examples.js';

const readme = [
  '# pkg',
  '',
  '```sh',
  'npm install pkg',
  '```',
  '',
  '## Ten minutes',
  '',
  '### 1. Write it (`quoter.ts`)',
  '',
  '```ts',
  "import { a } from '@scope/one/sub';",
  'export default a;',
  '```',
  '',
  '### 2. Run it',
  '',
  '```typescript',
  '// bot.ts',
  "import x from 'decimal.js';",
  "import { y } from 'node:fs';",
  "import q from './quoter.js';",
  'console.log(x); // "value"',
  '```',
  '',
  '## Other',
  '',
  '```ts',
  `// Needs the network ${NOT_RUN_MARKER}.`,
  "const z = await import('ws');",
  '```',
].join('\n');

describe('extractCodeExamples', () => {
  const examples = extractCodeExamples(readme);

  it('takes only TypeScript blocks, with their line, headings and file name', () => {
    expect(examples.map(({ line, fileName, headings }) => ({ line, fileName, headings }))).toEqual([
      { line: 11, fileName: 'quoter.ts', headings: ['pkg', 'Ten minutes', '1. Write it (`quoter.ts`)'] },
      { line: 18, fileName: 'bot.ts', headings: ['pkg', 'Ten minutes', '2. Run it'] },
      { line: 28, fileName: undefined, headings: ['pkg', 'Other'] },
    ]);
    expect(examples[0]?.code).toBe("import { a } from '@scope/one/sub';\nexport default a;\n");
  });

  it('reads the reason of an example marked as not run', () => {
    expect(examples.map((example) => example.notRunReason)).toEqual([
      undefined,
      undefined,
      'Needs the network',
    ]);
  });

  it('finds the examples of a section by the start of its heading', () => {
    expect(examplesInSection(examples, 'Ten minutes').map((example) => example.fileName)).toEqual([
      'quoter.ts',
      'bot.ts',
    ]);
  });
});

describe('importedPackages', () => {
  it('names the packages an example imports, without builtins or relative files', () => {
    const [first, second, third] = extractCodeExamples(readme);
    expect(importedPackages(first?.code ?? '')).toEqual(['@scope/one']);
    expect(importedPackages(second?.code ?? '')).toEqual(['decimal.js']);
    expect(importedPackages(third?.code ?? '')).toEqual(['ws']);
  });
});

describe('expectedConsoleOutput', () => {
  it('reads the value written beside each console.log', () => {
    expect(
      expectedConsoleOutput(
        'console.log(a); // ["x", "y"]\nif (ok) console.log(error.code); // "quote_rejected"\nconsole.log(b);\n',
      ),
    ).toEqual(['["x", "y"]', '"quote_rejected"']);
  });
});
