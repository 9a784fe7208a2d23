/**
 * Runs the bot as a real process, the way a user does, and collects what it prints. The process
 * loads tsx in-process (`node --import tsx`), so its pid is the bot's own and `kill -9` really
 * kills the bot, and it runs the sibling packages from their sources (test/tsconfig.sources.json).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const appDirectory = fileURLToPath(new URL('../..', import.meta.url));

/** How a bot process ended, and everything it printed. */
export interface BotExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running bot. */
export class BotProcess {
  readonly child: ChildProcess;
  #stdout = '';
  #stderr = '';
  readonly #exited: Promise<BotExit>;
  readonly #lineWaiters = new Set<() => void>();

  constructor(args: readonly string[], env: Record<string, string | undefined>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: appDirectory,
      env: { ...cleanEnvironment(), ...env, TSX_TSCONFIG_PATH: 'test/tsconfig.sources.json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stdout += chunk;
      for (const wake of this.#lineWaiters) wake();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr += chunk;
    });
    this.#exited = new Promise((resolve) => {
      this.child.on('close', (exitCode, signal) => {
        for (const wake of this.#lineWaiters) wake();
        resolve({ exitCode, signal, stdout: this.#stdout, stderr: this.#stderr });
      });
    });
  }

  get stdout(): string {
    return this.#stdout;
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** The JSON lines printed so far (`--log-format json`). */
  events(): Array<Record<string, unknown> & { event: string }> {
    return this.#stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown> & { event: string });
  }

  /** Waits for the process to end; kills it and fails if it takes longer than `timeoutMs`. */
  async exit(timeoutMs: number): Promise<BotExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(
          new Error(
            `bot did not exit within ${timeoutMs} ms\nstdout:\n${this.#stdout}\nstderr:\n${this.#stderr}`,
          ),
        );
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.#exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits until a printed JSON event satisfies `predicate`; fails if the bot exits first or time runs out. */
  async waitForEvent(
    predicate: (event: Record<string, unknown> & { event: string }) => boolean,
    timeoutMs: number,
  ): Promise<Record<string, unknown> & { event: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events().find(predicate);
      if (found !== undefined) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(
          `bot exited before the awaited event\nstdout:\n${this.#stdout}\nstderr:\n${this.#stderr}`,
        );
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `awaited event did not come within ${timeoutMs} ms\nstdout:\n${this.#stdout}\nstderr:\n${this.#stderr}`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#lineWaiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, remaining);
        this.#lineWaiters.add(wake);
      });
    }
  }

  /** Sends a signal (SIGINT, SIGTERM, SIGKILL). */
  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

/** Runs the bot to its end. */
export async function runBot(
  args: readonly string[],
  env: Record<string, string | undefined>,
  timeoutMs: number,
): Promise<BotExit> {
  return new BotProcess(args, env).exit(timeoutMs);
}

/** The parent's environment without anything that would change the bot's behaviour. */
function cleanEnvironment(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('COINBASE_') || name.startsWith('TRADELOOP_') || name === 'INIT_CWD')
      delete env[name];
  }
  return env;
}
