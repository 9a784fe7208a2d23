import { describe, expect, it } from 'vitest';
import { parseJsonKeepingNumbers } from './json-text.js';

describe('parseJsonKeepingNumbers', () => {
  it('keeps every number as the digits the sender wrote', () => {
    expect(
      parseJsonKeepingNumbers(
        '{"size": 0.10, "big": 123456789012345678901, "neg": -2.5e-3, "list": [1, 2.0]}',
      ),
    ).toEqual({ size: '0.10', big: '123456789012345678901', neg: '-2.5e-3', list: ['1', '2.0'] });
  });

  it('leaves strings alone, digits and escaped quotes included', () => {
    expect(parseJsonKeepingNumbers('{"a": "12 \\"3\\" 4", "b": true, "c": null}')).toEqual({
      a: '12 "3" 4',
      b: true,
      c: null,
    });
  });

  it('still refuses text that is not JSON', () => {
    expect(() => parseJsonKeepingNumbers('{"size": 01x}')).toThrow(SyntaxError);
    expect(() => parseJsonKeepingNumbers('buy BTCUSD')).toThrow(SyntaxError);
    expect(() => parseJsonKeepingNumbers('{"a": "unterminated')).toThrow(SyntaxError);
  });
});
