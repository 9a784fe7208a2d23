/**
 * What the check prints as it goes: one heading per step, each command, and how long it took.
 * Steps that run side by side print in lanes: each line starts with its lane's name.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { relative } from 'node:path';

let workspaceRoot = process.cwd();
const started = performance.now();
const currentLane = new AsyncLocalStorage<string>();

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

function print(text: string): void {
  const lane = currentLane.getStore();
  console.log(lane === undefined ? text : `[${lane}] ${text}`);
}

export const report = {
  setWorkspaceRoot(root: string): void {
    workspaceRoot = root;
  },
  step(title: string): void {
    print(`== ${title} (at ${seconds(performance.now() - started)})`);
  },
  note(text: string): void {
    print(`   ${text}`);
  },
  command(command: string, args: readonly string[], cwd: string): void {
    const where = relative(workspaceRoot, cwd);
    const place = where.startsWith('..') ? cwd : where || '.';
    print(`   $ ${[command, ...args].join(' ')}   (in ${place})`);
  },
  done(milliseconds: number): void {
    print(`     ok, ${seconds(milliseconds)}`);
  },
  elapsed(): string {
    return seconds(performance.now() - started);
  },
  /** Runs `work` with every line it prints prefixed by `[name]`. */
  inLane<T>(name: string, work: () => Promise<T>): Promise<T> {
    return currentLane.run(name, work);
  },
};

/** Command output without terminal colour codes, for matching. */
export function withoutColours(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
