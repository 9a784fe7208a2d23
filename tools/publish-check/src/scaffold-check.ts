/**
 * The strategy author's path, start to end, with nothing but npm and the local registry: scaffold a
 * strategy package with `npm create tradeloop@latest` (and `pnpm create tradeloop`), install it,
 * run it against the simulator, publish it (which type-checks, tests and builds it), then install
 * it by name into another fresh folder and run it through the example bot's loader
 * (`--strategy <package>`) for a few seconds, and read the bot's summary.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type CheckContext, localRegistryFlag, pnpmStoreFlags } from './check-context.js';
import { PublishCheckError } from './publish-check-error.js';
import { report, withoutColours } from './report.js';
import { runCommand } from './run-command.js';

const CREATE_PACKAGE = 'create-tradeloop';
const BOT_DURATION_SECONDS = 6;

export async function checkScaffoldedStrategy(context: CheckContext, scope: string): Promise<void> {
  report.step(`scaffold a strategy package with npm create tradeloop@latest, test it, publish it`);
  const creator = context.published.find((entry) => entry.name === CREATE_PACKAGE);
  if (!creator) throw new PublishCheckError(`${CREATE_PACKAGE} is not among the published packages`);
  const env = context.userEnvironment;
  await makeLatest(context, creator.name, creator.version);

  const authoring = join(context.temporaryRoot, 'author');
  await mkdir(authoring, { recursive: true });
  const packageName = `${scope}/my-strategy`;
  // create-tradeloop is unscoped: these commands take it from the local registry (--registry).
  const registry = localRegistryFlag(context);
  await runCommand(
    'npm',
    ['create', '--yes', registry, 'tradeloop@latest', 'my-strategy', '--', '--name', packageName],
    {
      cwd: authoring,
      env,
    },
  );
  await runCommand(
    'pnpm',
    [
      'create',
      registry,
      ...pnpmStoreFlags(context),
      'tradeloop',
      'other-strategy',
      '--yes',
      '--name',
      `${scope}/other-strategy`,
    ],
    { cwd: authoring, env },
  );
  const made = await listProject(join(authoring, 'my-strategy'));
  const madeByPnpm = await listProject(join(authoring, 'other-strategy'));
  if (made.join() !== madeByPnpm.join()) {
    throw new PublishCheckError(
      `npm create made [${made.join(', ')}] but pnpm create made [${madeByPnpm.join(', ')}]`,
    );
  }
  report.note(`both made: ${made.join(', ')}`);
  await expectRefusal(authoring, registry, env);

  const project = join(authoring, 'my-strategy');
  const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const kit = context.published.find((entry) => entry.name === '@tradeloop/strategy-kit');
  if (kit && !manifest.dependencies['@tradeloop/strategy-kit']?.includes(kit.version)) {
    throw new PublishCheckError(
      `the scaffold depends on @tradeloop/strategy-kit ${manifest.dependencies['@tradeloop/strategy-kit']}, expected the version published with it (${kit.version})`,
    );
  }
  await runCommand('npm', ['install'], { cwd: project, env });
  const started = await runCommand('npm', ['start', '--', '--seconds', '4'], {
    cwd: project,
    env,
    timeoutMs: 60_000,
  });
  if (!/"orders"/.test(started.stdout)) {
    throw new PublishCheckError(`npm start printed no orders summary; its output:\n${started.stdout}`);
  }
  // prepublishOnly type-checks, runs the tests (vitest, against the simulator) and builds.
  const published = await runCommand('npm', ['publish'], { cwd: project, env, timeoutMs: 240_000 });
  if (!/Test Files\s+\d+ passed/.test(withoutColours(published.stdout))) {
    throw new PublishCheckError(
      `npm publish did not run the project's tests; its output:\n${published.stdout}`,
    );
  }
  for (const file of ['dist/index.js', 'dist/index.d.ts']) await stat(join(project, file));

  report.step(`install ${packageName} into a fresh folder and run it by name through the example bot`);
  const botFolder = join(context.temporaryRoot, 'bot-user');
  await mkdir(botFolder, { recursive: true });
  await writeFile(
    join(botFolder, 'package.json'),
    `${JSON.stringify({ name: 'bot-user', private: true }, null, 2)}\n`,
  );
  await runCommand('npm', ['install', `${packageName}@0.1.0`], { cwd: botFolder, env });
  const exampleBot = join(context.root, 'apps', 'example-bot');
  const tsx = createRequire(join(exampleBot, 'package.json')).resolve('tsx/cli');
  await runCommand(
    process.execPath,
    [
      tsx,
      join(exampleBot, 'src', 'main.ts'),
      '--strategy',
      packageName,
      '--duration',
      String(BOT_DURATION_SECONDS),
      '--summary-json',
      'run.json',
    ],
    { cwd: botFolder, env, timeoutMs: 90_000 },
  );
  const summary = JSON.parse(await readFile(join(botFolder, 'run.json'), 'utf8')) as {
    strategy: unknown;
    orders: { placed: unknown[]; openAtExit: unknown[] };
  };
  const strategyName = JSON.stringify(summary.strategy);
  if (!strategyName.includes('my-strategy')) {
    throw new PublishCheckError(`the bot ran ${strategyName}, expected the scaffolded my-strategy`);
  }
  if (summary.orders.placed.length === 0) {
    throw new PublishCheckError(
      `the bot ran ${packageName} for ${BOT_DURATION_SECONDS} s and placed no order`,
    );
  }
  if (summary.orders.openAtExit.length > 0) {
    throw new PublishCheckError(`the bot left ${summary.orders.openAtExit.length} orders open at exit`);
  }
  report.note(
    `the example bot ran ${packageName}: ${summary.orders.placed.length} orders placed, none left open`,
  );
}

/**
 * `changeset publish --tag` puts a snapshot under its tag only; a real release is `latest`, which
 * `npm create tradeloop@latest` asks for, so point `latest` at the snapshot in this registry.
 */
async function makeLatest(context: CheckContext, name: string, version: string): Promise<void> {
  const { stdout } = await runCommand(
    'npm',
    ['view', localRegistryFlag(context), name, 'dist-tags', '--json'],
    {
      cwd: context.temporaryRoot,
      env: context.userEnvironment,
    },
  );
  const tags = JSON.parse(stdout) as Record<string, string>;
  if (tags.latest === version) return;
  await runCommand('npm', ['dist-tag', 'add', localRegistryFlag(context), `${name}@${version}`, 'latest'], {
    cwd: context.temporaryRoot,
    env: context.userEnvironment,
  });
}

/** A second scaffold into the now non-empty folder must change nothing and exit with status 2. */
async function expectRefusal(authoring: string, registry: string, env: NodeJS.ProcessEnv): Promise<void> {
  const before = await listProject(join(authoring, 'my-strategy'));
  try {
    await runCommand('npm', ['create', '--yes', registry, 'tradeloop@latest', 'my-strategy'], {
      cwd: authoring,
      env,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!/exit status 2/.test(message) || !/not empty|holds/.test(message)) throw error;
    if ((await listProject(join(authoring, 'my-strategy'))).join() !== before.join()) {
      throw new PublishCheckError('create-tradeloop refused the non-empty folder but changed it');
    }
    report.note('a second scaffold into the same folder was refused with exit status 2, folder untouched');
    return;
  }
  throw new PublishCheckError('create-tradeloop scaffolded into a non-empty folder; it must refuse (exit 2)');
}

async function listProject(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true });
  return entries.filter((entry) => !entry.startsWith('node_modules')).sort();
}
