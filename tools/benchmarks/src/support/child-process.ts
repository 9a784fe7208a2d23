import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The benchmark package's folder: children run TypeScript through tsx from here. */
export const packageDirectory = fileURLToPath(new URL('../../', import.meta.url));

/** Forks a TypeScript file of this package (run by tsx) with an IPC channel. */
export function forkTypeScript(relativePath: string, environment: NodeJS.ProcessEnv): ChildProcess {
  return fork(fileURLToPath(new URL(`../${relativePath}`, import.meta.url)), [], {
    cwd: packageDirectory,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The example bot's folder and entry point (run by tsx, as `pnpm --filter example-bot start` does). */
export const exampleBotDirectory = fileURLToPath(new URL('../../../../apps/example-bot/', import.meta.url));

/**
 * Forks the example bot with `args` and an IPC channel (its strategy module talks to the parent).
 * Its console lines go to /dev/null: the bot formats and writes each one as it would to a
 * terminal (a synchronous write either way on Linux), and the suite's output stays readable.
 */
export function forkExampleBot(args: string[], environment: NodeJS.ProcessEnv): ChildProcess {
  const devNull = openSync('/dev/null', 'w');
  try {
    return fork(`${exampleBotDirectory}src/main.ts`, args, {
      cwd: exampleBotDirectory,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...environment },
      stdio: ['ignore', devNull, 'inherit', 'ipc'],
    });
  } finally {
    closeSync(devNull);
  }
}

/**
 * Resolves with the first message `accept` takes; rejects on a `{ type: 'failed', reason }` message,
 * after `timeoutMs`, or when the child exits.
 */
export function nextMessage<T>(
  child: ChildProcess,
  accept: (message: unknown) => T | undefined,
  timeoutMs: number,
  waitingFor: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: unknown) => {
      const failure = message as { type?: unknown; reason?: unknown };
      if (failure.type === 'failed') {
        cleanUp();
        reject(new Error(String(failure.reason)));
        return;
      }
      const accepted = accept(message);
      if (accepted === undefined) return;
      cleanUp();
      resolve(accepted);
    };
    const onExit = (code: number | null) => {
      cleanUp();
      reject(new Error(`the child process exited (code ${code}) while waiting for ${waitingFor}`));
    };
    const timer = setTimeout(() => {
      cleanUp();
      reject(new Error(`no ${waitingFor} within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Asks a child to stop (`stopMessage`), and kills it (this child only) if it has not exited in time. */
export async function stopChild(child: ChildProcess, stopMessage: unknown, timeoutMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send(stopMessage as object);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
