/**
 * JSON with its numbers kept as text. Alert platforms send amounts as bare JSON numbers
 * (`"size": {{strategy.order.contracts}}`), and `JSON.parse` would turn `0.1` into a binary float
 * and `123456789012345678` into something else. Money is never a JS number here: every bare
 * number is quoted before parsing, so it arrives as the exact digits the sender wrote.
 */

/**
 * Parses JSON text, every number becoming the string of its digits.
 *
 * @throws SyntaxError for text that is not JSON.
 * @example parseJsonKeepingNumbers('{"size": 0.10}') // { size: '0.10' }
 */
export function parseJsonKeepingNumbers(text: string): unknown {
  let quoted = '';
  let index = 0;
  while (index < text.length) {
    const character = text[index] as string;
    if (character === '"') {
      const end = endOfString(text, index);
      quoted += text.slice(index, end);
      index = end;
    } else if (character === '-' || (character >= '0' && character <= '9')) {
      const match = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(index, index + 400));
      if (match === null)
        throw new SyntaxError(`Unexpected "${character}" at position ${index} of the JSON text`);
      quoted += `"${match[0]}"`;
      index += match[0].length;
    } else {
      quoted += character;
      index += 1;
    }
  }
  return JSON.parse(quoted);
}

/** The index just past the string literal that starts at `start` (or the end of the text). */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const character = text[index];
    if (character === '\\') index += 2;
    else if (character === '"') return index + 1;
    else index += 1;
  }
  return text.length;
}
