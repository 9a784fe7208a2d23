import { describe, expect, it } from 'vitest';
import { InvalidFillCursorError } from '../errors.js';
import { decodeFillCursor, encodeFillCursor, isAfter, positionAfter } from './fill-cursor.js';

describe('Advanced Trade fill cursors', () => {
  it('round-trips a position, whatever the order of its entry ids', () => {
    const cursor = encodeFillCursor({ timeMs: 1_700_000_000_123, entryIds: ['b', 'a'] });
    expect(cursor).toMatch(/^at1\.[A-Za-z0-9_-]+$/);
    expect(decodeFillCursor(cursor)).toEqual({ timeMs: 1_700_000_000_123, entryIds: ['a', 'b'] });
    expect(encodeFillCursor({ timeMs: 1_700_000_000_123, entryIds: ['a', 'b'] })).toBe(cursor);
  });

  it.each([
    '42',
    'at1.',
    'at1.!!!',
    `at1.${Buffer.from('{"t":-1,"e":[]}').toString('base64url')}`,
    `at1.${Buffer.from('{"t":1.5,"e":[]}').toString('base64url')}`,
    `at1.${Buffer.from('{"t":1,"e":[1]}').toString('base64url')}`,
    `at1.${Buffer.from('[]').toString('base64url')}`,
  ])('refuses %j as not its own', (cursor) => {
    let caught: unknown;
    try {
      decodeFillCursor(cursor);
    } catch (error) {
      caught = error;
    }
    expect(InvalidFillCursorError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toContain('at1.');
  });

  it('moves to the newest time, keeping every fill seen at it', () => {
    const start = positionAfter(undefined, [
      { timeMs: 1, entryId: 'a' },
      { timeMs: 2, entryId: 'b' },
      { timeMs: 2, entryId: 'c' },
    ]);
    expect(start).toEqual({ timeMs: 2, entryIds: ['b', 'c'] });
    expect(positionAfter(start, [])).toBe(start);
    expect(positionAfter(start, [{ timeMs: 2, entryId: 'd' }])).toEqual({
      timeMs: 2,
      entryIds: ['b', 'c', 'd'],
    });
    expect(positionAfter(start, [{ timeMs: 3, entryId: 'e' }])).toEqual({ timeMs: 3, entryIds: ['e'] });
    const position = start as NonNullable<typeof start>;
    expect(isAfter(position, { timeMs: 2, entryId: 'b' })).toBe(false);
    expect(isAfter(position, { timeMs: 1, entryId: 'z' })).toBe(false);
    expect(isAfter(position, { timeMs: 2, entryId: 'z' })).toBe(true);
    expect(isAfter(position, { timeMs: 3, entryId: 'b' })).toBe(true);
  });
});
