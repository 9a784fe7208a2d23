import { describe, expect, it } from 'vitest';
import { parseMarks, parseReactions, stepMedians } from './reaction-trace.js';

describe('reaction trace', () => {
  it('takes the median of each step over the marks inside each reaction', () => {
    const reactions = parseReactions('bot 1000000 3000000\nfloor 9000000 9900000\nbot 5000000 6500000\n');
    const bot = reactions.filter((reaction) => reaction.client === 'bot');
    // Two reactions: frame read 200 µs and 300 µs after publication, the write 500 and 400 µs after
    // the frame; a mark outside every reaction (4 ms) and a second frame read are not counted.
    const marks = parseMarks(
      [
        'frame-read 1200000',
        'frame-read 1250000',
        'write-start 1700000',
        'write-end 1710000',
        'frame-read 4000000',
        'frame-read 5300000',
        'write-start 5700000',
        'write-end 5705000',
      ].join('\n'),
    );
    const medians = Object.fromEntries(
      stepMedians(bot, marks).map(({ step, medianMicroseconds, reactions: count }) => [
        step,
        [medianMicroseconds, count],
      ]),
    );
    expect(medians).toEqual({
      'published → frame read': [300, 2],
      'frame read → write starts': [500, 2],
      'write(2) of the POST': [10, 2],
      'written → received': [1290, 2],
      'published → received': [2000, 2],
    });
  });
});
