/**
 * Run by journal.test.ts in a child process whose file size is capped (`ulimit -f`), the way a
 * full disk behaves: appends records to the journal at argv[2] until one fails, then tries one
 * more, and prints what was acknowledged as one JSON line.
 */
import { statSync } from 'node:fs';
import { FileJournal } from '../journal.js';

const path = process.argv[2] as string;
const { journal } = FileJournal.open(path);
let acknowledged = 0;
let firstError: string | undefined;
let sizeAfterFailure: number | undefined;
let appendAfterFailure: 'refused' | 'accepted' | undefined;
for (let index = 0; index < 200; index += 1) {
  const record = {
    kind: 'status' as const,
    at: index,
    clientOrderId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    status: 'canceled' as const,
    reason: 'x'.repeat(100 + (index % 7) * 13),
  };
  try {
    journal.append(record);
    if (firstError !== undefined) {
      appendAfterFailure = 'accepted';
      break;
    }
    acknowledged += 1;
  } catch (error) {
    if (firstError !== undefined) {
      appendAfterFailure = 'refused';
      break;
    }
    firstError = error instanceof Error ? error.message : String(error);
    sizeAfterFailure = statSync(path).size;
  }
}
journal.close();
process.stdout.write(
  `${JSON.stringify({ acknowledged, firstError, sizeAfterFailure, appendAfterFailure })}\n`,
);
