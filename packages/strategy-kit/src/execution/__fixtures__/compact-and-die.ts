/**
 * Run by journal-compaction.test.ts in a child process: compacts the journal at argv[2] and
 * SIGKILLs itself right after compaction step argv[3] (a crash there), either while opening the
 * journal (argv[4] = `open`) or during the append that takes it past its size bound (`append`).
 * Prints `survived` if the step never came.
 */
import { FileJournal } from '../journal.js';
import type { CompactionStep } from '../journal-compaction.js';

const [path, dieAfter, when] = process.argv.slice(2) as [string, CompactionStep, 'open' | 'append'];
const onStep = (step: CompactionStep) => {
  if (step === dieAfter) process.kill(process.pid, 'SIGKILL');
};
const { journal } = FileJournal.open(path, {
  compaction: when === 'open' ? { atOpen: true, onStep } : { atOpen: false, aboveBytes: 1, onStep },
});
if (when === 'append')
  journal.append({ kind: 'fill-cursor', at: 1, productId: 'BTC-USD', cursor: 'cursor-after-append' });
journal.close();
process.stdout.write('survived\n');
