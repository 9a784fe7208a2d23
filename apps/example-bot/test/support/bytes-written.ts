/** Every byte a bot wrote: the files in a scenario's folder and what its processes printed. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BotProcess } from './bot-process.js';

/** `[where, text]` for each file under `directory` and for the stdout and stderr of each bot. */
export async function bytesWritten(
  directory: string,
  bots: readonly BotProcess[] = [],
): Promise<Array<[string, string]>> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry): Promise<[string, string]> => {
        const path = join(entry.parentPath, entry.name);
        return [path, await readFile(path, 'utf8')];
      }),
  );
  return [
    ...files,
    ...bots.flatMap(
      (bot, index): Array<[string, string]> => [
        [`stdout of run ${index + 1}`, bot.stdout],
        [`stderr of run ${index + 1}`, bot.stderr],
      ],
    ),
  ];
}
