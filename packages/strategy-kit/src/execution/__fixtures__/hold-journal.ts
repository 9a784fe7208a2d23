/** Run by journal.test.ts as a second process: opens the journal at argv[2], says so, and holds it until killed. */
import { FileJournal } from '../journal.js';

FileJournal.open(process.argv[2] as string);
process.stdout.write('holding\n');
setInterval(() => {}, 60_000);
