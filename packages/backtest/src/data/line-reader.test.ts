import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { LineReader, type LineSource } from './line-reader.js';

const directory = mkdtempSync(join(tmpdir(), 'line-reader-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function readAll(source: LineSource, chunkBytes?: number): { lines: string[]; numbers: number[] } {
  const reader = new LineReader(source, chunkBytes);
  const lines: string[] = [];
  const numbers: number[] = [];
  while (reader.next()) {
    lines.push(reader.bytes.toString('utf8', reader.start, reader.end));
    numbers.push(reader.lineNumber);
  }
  return { lines, numbers };
}

describe('LineReader', () => {
  it('reads the lines split on \\n, from a file in chunks of any size as from memory', () => {
    let file = 0;
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 40 }).map((line) => line.replaceAll('\n', ' '))),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        (lines, finalNewline, chunkBytes) => {
          const text = lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : '');
          // What split gives, less the empty piece after a final newline (a newline ends a line).
          const expected = text.split('\n');
          if (expected.at(-1) === '') expected.pop();
          file += 1;
          const path = join(directory, `lines-${file}.txt`);
          writeFileSync(path, text);
          const fromFile = readAll({ path }, chunkBytes);
          expect(fromFile.lines).toEqual(expected);
          expect(fromFile.numbers).toEqual(expected.map((_, index) => index + 1));
          expect(readAll({ bytes: Buffer.from(text) }).lines).toEqual(expected);
        },
      ),
    );
  });

  it('gives any part of the current line as Latin-1 text, across chunk edges and text windows', () => {
    let file = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.uint8Array({ maxLength: 40 }).map((line) => line.map((byte) => (byte === 10 ? 32 : byte))),
        ),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        (lines, chunkBytes, textWindowBytes, parts) => {
          const bytes = Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]));
          file += 1;
          const path = join(directory, `text-${file}.bin`);
          writeFileSync(path, bytes);
          for (const reader of [
            new LineReader({ path }, chunkBytes, textWindowBytes),
            new LineReader({ bytes }, chunkBytes, textWindowBytes),
          ]) {
            let index = 0;
            while (reader.next()) {
              const line = Buffer.from(lines[index] as Uint8Array);
              index += 1;
              for (const [first, second] of parts) {
                const from = first % (line.length + 1);
                const to = from + (second % (line.length - from + 1));
                expect(reader.latin1(reader.start + from, reader.start + to)).toBe(
                  line.toString('latin1', from, to),
                );
              }
            }
            expect(index).toBe(lines.length);
          }
        },
      ),
    );
  });

  it('grows its buffer for a line longer than a chunk, and closes the file at the end', () => {
    const long = 'x'.repeat(10_000);
    const path = join(directory, 'long.txt');
    writeFileSync(path, `a\n${long}\nb`);
    expect(readAll({ path }, 16).lines).toEqual(['a', long, 'b']);
    const reader = new LineReader({ path }, 16);
    while (reader.next()) {}
    expect(reader.next()).toBe(false);
    reader.close(); // closing twice is harmless
  });

  it('takes a line whose end the caller found, and refuses an offset that is not its newline', () => {
    const reader = new LineReader({ bytes: Buffer.from('ab\ncd\nef') });
    expect(reader.nextStart).toBe(0);
    expect(() => reader.takeLine(1)).toThrow(/expected the next line's newline/);
    reader.takeLine(2);
    expect([reader.start, reader.end, reader.lineNumber, reader.nextStart]).toEqual([0, 2, 1, 3]);
    expect(reader.latin1(reader.start, reader.end)).toBe('ab');
    expect(reader.next()).toBe(true);
    expect(reader.latin1(reader.start, reader.end)).toBe('cd');
    expect(() => reader.takeLine(reader.filled)).toThrow(/expected the next line's newline/);
    expect(reader.next()).toBe(true);
    expect([reader.latin1(reader.start, reader.end), reader.lineNumber]).toEqual(['ef', 3]);
  });

  it('throws the file system error for a path with nothing at it', () => {
    expect(() => new LineReader({ path: join(directory, 'missing.txt') })).toThrow(/ENOENT/);
  });
});
