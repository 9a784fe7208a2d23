#!/usr/bin/env node
/**
 * `create-tradeloop`: `npm create tradeloop@latest my-strategy` / `pnpm create tradeloop my-strategy`.
 * Asks for the folder and package name on a terminal; asks nothing with `--yes` or without a
 * terminal. Exit status 0 made, 2 a usage mistake or a non-empty folder, 1 anything else.
 */
import { relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { TradeloopError } from '@tradeloop/errors';
import { createStrategyProject } from './create-project.js';
import { DEFAULT_DIRECTORY, packageNameFor, packageNameProblem, parseCommandLine, USAGE } from './options.js';
import { releasedWithVersions } from './template-versions.js';

const USAGE_MISTAKE = 2;

async function main(): Promise<void> {
  const line = parseCommandLine(process.argv.slice(2));
  if (line.help) {
    console.log(USAGE);
    return;
  }
  const interactive = !line.yes && process.stdin.isTTY === true && process.stdout.isTTY === true;
  let directory = line.directory ?? DEFAULT_DIRECTORY;
  let packageName = line.packageName;
  if (interactive) {
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    try {
      if (line.directory === undefined)
        directory = (await prompt.question(`Folder (${DEFAULT_DIRECTORY}): `)).trim() || DEFAULT_DIRECTORY;
      if (packageName === undefined) {
        const suggested = packageNameFor(directory);
        for (;;) {
          packageName = (await prompt.question(`Package name (${suggested}): `)).trim() || suggested;
          const problem = packageNameProblem(packageName);
          if (!problem) break;
          console.log(`A package name is made of ${problem}.`);
        }
      }
    } finally {
      prompt.close();
    }
  }
  const project = await createStrategyProject({
    directory,
    packageName: packageName ?? packageNameFor(directory),
    versions: releasedWithVersions(),
  });
  const shown = relative(process.cwd(), project.directory) || '.';
  console.log(`Made ${project.packageName} in ${shown}:
${project.files.map((file) => `  ${file}`).join('\n')}

Next:
  cd ${shown}
  npm install
  npm test        # runs the strategy against the tradeloop simulator
  npm start       # trades it against the simulator until Ctrl-C
  npm publish     # typechecks, tests, builds, publishes; bots load it by name
`);
}

main().catch((error: unknown) => {
  const code = TradeloopError.isInstance(error) ? error.code : undefined;
  const usageMistake = code === 'invalid_options' || code === 'target_not_empty';
  console.error(`create-tradeloop: ${error instanceof Error ? error.message : String(error)}`);
  if (code === 'invalid_options') console.error(`\n${USAGE}`);
  process.exitCode = usageMistake ? USAGE_MISTAKE : 1;
});
