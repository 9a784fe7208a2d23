/**
 * The one way code examples are taken out of a README, shared by the README tests and the publish
 * check, so what is tested is what a reader copies.
 *
 * An example is a ```ts (or ```typescript) fenced block. Its file name, when the text gives one,
 * comes from a first-line comment (`// dip-buyer.ts`) or from the nearest heading above it
 * (`### 1. Write it (`spread-quoter.ts`)`). An example that cannot run on its own says so in a
 * visible comment containing {@link NOT_RUN_MARKER}; it is still type-checked.
 */

/** Marks an example that tests type-check but do not run, e.g. one that needs a Coinbase account. */
export const NOT_RUN_MARKER = '(not run by the README tests)';

export interface CodeExample {
  /** The example's code, without the fences. */
  code: string;
  /** 1-based line of the opening fence in the README. */
  line: number;
  /** The headings above the example, outermost first, without `#` marks. */
  headings: string[];
  /** The file name the README gives the example, if any (`spread-quoter.ts`). */
  fileName: string | undefined;
  /** Why it is not run, when it carries {@link NOT_RUN_MARKER}. */
  notRunReason: string | undefined;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const TYPESCRIPT = new Set(['ts', 'typescript']);
const FILE_NAME = /`([\w./-]+\.(?:ts|mts|cts|js|mjs))`/;

export function extractCodeExamples(markdown: string): CodeExample[] {
  const examples: CodeExample[] = [];
  const headings: string[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading?.[1] && heading[2] !== undefined) {
      headings.length = heading[1].length - 1;
      headings[heading[1].length - 1] = heading[2].trim();
      continue;
    }
    const fence = FENCE.exec(line);
    if (!fence) continue;
    const [, indent = '', marks = '', language = ''] = fence;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !(lines[end] ?? '').trimStart().startsWith(marks)) {
      body.push((lines[end] ?? '').slice(indent.length));
      end += 1;
    }
    if (TYPESCRIPT.has(language.toLowerCase())) {
      const code = `${body.join('\n')}\n`;
      const presentHeadings = headings.filter((text) => text !== undefined);
      examples.push({
        code,
        line: index + 1,
        headings: presentHeadings,
        fileName: fileNameOf(code, presentHeadings),
        notRunReason: notRunReasonOf(code),
      });
    }
    index = end;
  }
  return examples;
}

/** The examples under the heading whose text starts with `title` (any level), in order. */
export function examplesInSection(examples: readonly CodeExample[], title: string): CodeExample[] {
  return examples.filter((example) => example.headings.some((heading) => heading.startsWith(title)));
}

/** Package names an example imports (`@scope/name/sub` → `@scope/name`), without `node:` builtins or relative paths. */
export function importedPackages(code: string): string[] {
  const names = new Set<string>();
  for (const match of code.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
    const specifier = match[1] ?? '';
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
  }
  return [...names].sort();
}

/**
 * Expected console output written beside a `console.log(...)` call, as in
 * `console.log(fired); // ["2026-01-01T00:00:01.000Z", "slept"]`: one entry per such line, in order.
 */
export function expectedConsoleOutput(code: string): string[] {
  const expected: string[] = [];
  for (const line of code.split('\n')) {
    const match = /^\s*(?:if\s*\(.*\)\s*)?console\.log\(.*\);\s*\/\/\s*(.+)$/.exec(line);
    if (match?.[1]) expected.push(match[1].trim());
  }
  return expected;
}

function fileNameOf(code: string, headings: readonly string[]): string | undefined {
  const firstLine = code.split('\n')[0] ?? '';
  const fromComment = /^\/\/\s*([\w./-]+\.(?:ts|mts|cts))\s*$/.exec(firstLine);
  if (fromComment?.[1]) return fromComment[1];
  const nearest = headings.at(-1);
  return nearest === undefined ? undefined : FILE_NAME.exec(nearest)?.[1];
}

function notRunReasonOf(code: string): string | undefined {
  const line = code.split('\n').find((text) => text.includes(NOT_RUN_MARKER));
  if (line === undefined) return undefined;
  const reason = line
    .replace(NOT_RUN_MARKER, '')
    .replace(/^\s*\/\/\s*/, '')
    .replace(/[\s.]+$/, '');
  return reason || 'marked as not run';
}
