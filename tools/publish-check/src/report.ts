/** What the check prints as it goes: one heading per step, each command, and how long it took. */
import { relative } from 'node:path';

let workspaceRoot = process.cwd();
const started = performance.now();

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

export const report = {
  setWorkspaceRoot(root: string): void {
    workspaceRoot = root;
  },
  step(title: string): void {
    console.log(`\n== ${title} (at ${seconds(performance.now() - started)})`);
  },
  note(text: string): void {
    console.log(`   ${text}`);
  },
  command(command: string, args: readonly string[], cwd: string): void {
    const where = relative(workspaceRoot, cwd);
    const place = where.startsWith('..') ? cwd : where || '.';
    console.log(`   $ ${[command, ...args].join(' ')}   (in ${place})`);
  },
  done(milliseconds: number): void {
    console.log(`     ok, ${seconds(milliseconds)}`);
  },
  elapsed(): string {
    return seconds(performance.now() - started);
  },
};
