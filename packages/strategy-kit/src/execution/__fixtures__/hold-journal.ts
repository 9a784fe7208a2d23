/**
 * Run by journal.test.ts as a second process: opens the journal at argv[2], says so, and holds it
 * until killed. With argv[3] = `append-then-spin` it first appends one record and then never
 * yields to the event loop again, so the record's overlapped flush never starts: what a kill -9
 * finds then is exactly what `append` itself handed to the OS.
 */
import { FileJournal } from '../journal.js';

const { journal } = FileJournal.open(process.argv[2] as string);
if (process.argv[3] === 'append-then-spin') {
  journal.append({ kind: 'status', at: 1, clientOrderId: 'written-before-the-kill', status: 'canceled' });
  process.stdout.write('holding\n');
  for (;;) {}
}
process.stdout.write('holding\n');
setInterval(() => {}, 60_000);
