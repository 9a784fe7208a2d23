/**
 * Follows the strategy-kit README's "Ten minutes" guide as a reader would, in a fresh project
 * outside the workspace: its code blocks are taken from the README at run time (never a copy),
 * saved under the file names the guide gives them, the packages they import are installed from
 * the local registry, then the guide is type-checked, its test is run with vitest and its bot is
 * run with tsx until it has traded, then stopped with Ctrl-C (SIGINT) as the guide says.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type CheckContext, installSpecifiers, toolSpecifier } from './check-context.js';
import { PublishCheckError } from './publish-check-error.js';
import { examplesInSection, extractCodeExamples, importedPackages } from './readme-examples.js';
import { report } from './report.js';
import { collect, runCommand, startCommand } from './run-command.js';

const GUIDE_PACKAGE = '@tradeloop/strategy-kit';
const GUIDE_SECTION = 'Ten minutes';
/** How long the guide's bot trades before it is sent Ctrl-C. */
const BOT_RUN_MS = 6_000;

export async function checkStrategyKitGuide(context: CheckContext): Promise<void> {
  report.step(`follow the ${GUIDE_PACKAGE} README's "${GUIDE_SECTION}" guide in a fresh project`);
  const kit = context.published.find((entry) => entry.name === GUIDE_PACKAGE);
  if (!kit) throw new PublishCheckError(`${GUIDE_PACKAGE} is not among the published packages`);
  const readme = await readFile(join(kit.workspaceDirectory, 'README.md'), 'utf8');
  const examples = examplesInSection(extractCodeExamples(readme), GUIDE_SECTION);
  if (examples.length === 0) {
    throw new PublishCheckError(
      `the ${GUIDE_PACKAGE} README has no TypeScript example under a "${GUIDE_SECTION}" heading`,
    );
  }
  const directory = join(context.temporaryRoot, 'guide-project');
  await mkdir(directory, { recursive: true });
  await writeFile(
    join(directory, 'package.json'),
    `${JSON.stringify({ name: 'guide-project', private: true, type: 'module' }, null, 2)}\n`,
  );
  const files: string[] = [];
  for (const example of examples) {
    if (!example.fileName) {
      throw new PublishCheckError(
        `the ${GUIDE_PACKAGE} README's example at line ${example.line} names no file; give it one in its heading, e.g. "### 2. Run it (\`bot.ts\`)"`,
      );
    }
    await mkdir(dirname(join(directory, example.fileName)), { recursive: true });
    await writeFile(join(directory, example.fileName), example.code);
    files.push(example.fileName);
  }
  report.note(`the guide's files, from README.md: ${files.join(', ')}`);

  const imported = new Set(examples.flatMap((example) => importedPackages(example.code)));
  const ours = context.published.map((entry) => entry.name).filter((name) => imported.has(name));
  const theirs = [...imported].filter((name) => !ours.includes(name));
  const tools = ['tsx', 'typescript', '@types/node', 'vitest'].filter((name) => !imported.has(name));
  await runCommand(
    'npm',
    [
      'install',
      ...installSpecifiers(context, ours),
      ...[...theirs, ...tools].map((name) => toolSpecifier(context, name)),
    ],
    { cwd: directory, env: context.userEnvironment },
  );

  await writeFile(
    join(directory, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'node16',
          strict: true,
          noEmit: true,
          types: ['node'],
          // Our declarations are checked in the install checks; vitest's are not ours to check.
          skipLibCheck: true,
        },
        files,
      },
      null,
      2,
    )}\n`,
  );
  await runCommand('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: directory, env: context.userEnvironment });

  const tests = files.filter((file) => /\.test\.[cm]?ts$/.test(file));
  if (tests.length === 0)
    throw new PublishCheckError(`the "${GUIDE_SECTION}" guide has no test file (*.test.ts)`);
  await runCommand('npx', ['vitest', 'run', ...tests], { cwd: directory, env: context.userEnvironment });

  // The scripts: files that neither are tests nor export anything (the plugin exports its strategy).
  const scripts = examples.filter(
    (example) => example.fileName && !tests.includes(example.fileName) && !/^export /m.test(example.code),
  );
  for (const script of scripts) await runUntilInterrupted(context, directory, script.fileName ?? '');
}

async function runUntilInterrupted(context: CheckContext, directory: string, file: string): Promise<void> {
  // `npx tsx` runs node_modules/.bin/tsx; started directly, Ctrl-C reaches tsx, which hands it
  // to the bot and exits with the bot's status (npx itself would die of the signal).
  const bot = startCommand(join('node_modules', '.bin', 'tsx'), [file], {
    cwd: directory,
    env: context.userEnvironment,
  });
  const finished = collect(bot, { timeoutMs: 90_000 }, `npx tsx ${file}`);
  finished.catch(() => {}); // awaited below; a failure before the SIGINT must not go unhandled meanwhile
  let output = '';
  bot.stdout?.on('data', (chunk: string) => {
    output += chunk;
  });
  const started = Date.now();
  while (!/runtime started/.test(output) && bot.exitCode === null && Date.now() - started < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (bot.exitCode !== null) await finished; // throws with its output
  if (!/runtime started/.test(output)) {
    bot.kill('SIGKILL');
    throw new PublishCheckError(`npx tsx ${file} did not start trading within 60 s; its output:\n${output}`);
  }
  await new Promise((resolve) => setTimeout(resolve, BOT_RUN_MS));
  report.note(`traded for ${BOT_RUN_MS / 1000} s; sending Ctrl-C (SIGINT) as the guide says`);
  bot.kill('SIGINT');
  const { stdout } = await finished;
  if (!/runtime stopped/.test(stdout)) {
    throw new PublishCheckError(`npx tsx ${file} exited without "runtime stopped"; its output:\n${stdout}`);
  }
  const ordersJournaled = await countJournaledOrders(directory);
  if (ordersJournaled === 0) {
    throw new PublishCheckError(`npx tsx ${file} ran ${BOT_RUN_MS / 1000} s but its journal holds no order`);
  }
  report.note(`the bot stopped cleanly; its journal holds ${ordersJournaled} order records`);
}

/** Order records in the journals the run wrote (`*.journal` files outside node_modules). */
async function countJournaledOrders(directory: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || !entry.name.endsWith('.journal') || path.includes('node_modules')) continue;
    count += (await readFile(path, 'utf8')).split('\n').filter((line) => /"order"/.test(line)).length;
  }
  return count;
}
