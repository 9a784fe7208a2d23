/**
 * Runs one command of the check as a child process, prints it before it starts and how long it
 * took after, and turns a failure into one error that shows the end of the command's output.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { PublishCheckError } from './publish-check-error.js';
import { report } from './report.js';

export interface CommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Killed (and failed) after this long. Default: 3 minutes. */
  timeoutMs?: number;
  /** Written to the command's stdin, which is then closed (no terminal: nothing can prompt). */
  input?: string;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
}

const OUTPUT_TAIL_LINES = 40;

export async function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  const started = performance.now();
  report.command(command, args, options.cwd);
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: 'pipe' });
  const result = await collect(child, options, `${command} ${args.join(' ')}`);
  report.done(performance.now() - started);
  return result;
}

/**
 * Starts a long-running command (a bot) and hands back the live process, in a process group of
 * its own so that a signal can reach it and its children the way a terminal's Ctrl-C does.
 */
export function startCommand(
  command: string,
  args: readonly string[],
  options: Pick<CommandOptions, 'cwd' | 'env'>,
): ChildProcess {
  report.command(command, args, options.cwd);
  return spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

/** Waits for a started process to end and fails unless it ended with status 0. */
export function collect(
  child: ChildProcess,
  options: Pick<CommandOptions, 'timeoutMs' | 'input'>,
  description: string,
): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  if (child.stdin) child.stdin.end(options.input ?? '');
  const timeoutMs = options.timeoutMs ?? 180_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new PublishCheckError(
          `${description} did not finish within ${timeoutMs / 1000} s; its output ended with:\n${tail(stdout, stderr)}`,
        ),
      );
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new PublishCheckError(`${description} could not start: ${error.message}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else
        reject(
          new PublishCheckError(
            `${description} failed (${signal ?? `exit status ${code}`}); its output ended with:\n${tail(stdout, stderr)}`,
          ),
        );
    });
  });
}

function tail(stdout: string, stderr: string): string {
  const lines = `${stdout}\n${stderr}`.trim().split('\n');
  return lines
    .slice(-OUTPUT_TAIL_LINES)
    .map((line) => `    ${line}`)
    .join('\n');
}
