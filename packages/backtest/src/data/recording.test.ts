import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordingFormatError } from '../errors.js';
import { readRecording } from './recording.js';

describe('readRecording', () => {
  it('refuses a path with nothing at it with a typed error naming the path', () => {
    const missing = join(tmpdir(), `no-such-recording-${process.pid}.jsonl`);
    expect(() => readRecording(missing)).toThrow(RecordingFormatError);
    expect(() => readRecording(missing)).toThrow(
      `${missing}: expected a recording file, found nothing at this path`,
    );
  });
});
