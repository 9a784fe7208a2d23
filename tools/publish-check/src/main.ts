/**
 * `pnpm test:publish`: proves the packages work outside the monorepo. Starts a local npm registry,
 * publishes every public package to it through changesets, then, in folders outside the workspace
 * with empty caches, installs and uses them the way users do. Prints each step; exits 1 with the
 * reason on the first failure; removes everything it made either way.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CheckContext, userEnvironment } from './check-context.js';
import { checkInstalledPackages } from './installed-packages-check.js';
import { startLocalRegistry } from './local-registry.js';
import { PublishCheckError } from './publish-check-error.js';
import { report } from './report.js';
import { runCommand } from './run-command.js';
import { checkScaffoldedStrategy } from './scaffold-check.js';
import { publishSnapshot } from './snapshot-release.js';
import { checkStrategyKitGuide } from './strategy-kit-guide-check.js';
import { findPublicPackages } from './workspace-packages.js';

const SNAPSHOT_TAG = 'publish-check';
/** The scope of the strategy package the check scaffolds and publishes. */
export const SCAFFOLD_SCOPE = '@publish-check';

async function main(): Promise<void> {
  const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  report.setWorkspaceRoot(root);
  const publicPackages = findPublicPackages(root);
  report.step(`build the ${publicPackages.length} public packages`);
  report.note(publicPackages.map((project) => project.name).join(', '));
  await runCommand(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
    {
      cwd: root,
      env: process.env,
      timeoutMs: 600_000,
    },
  );

  const temporaryRoot = await mkdtemp(join(tmpdir(), 'tradeloop-publish-check-'));
  if (temporaryRoot.startsWith(root))
    throw new PublishCheckError(`the temporary folder ${temporaryRoot} is inside the workspace`);
  let stopRegistry: (() => Promise<void>) | undefined;
  const cleanUp = async () => {
    await stopRegistry?.();
    stopRegistry = undefined;
    await rm(temporaryRoot, { recursive: true, force: true, maxRetries: 3 });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\npublish check: ${signal}, cleaning up ${temporaryRoot}`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    report.step('start a local npm registry (verdaccio) on loopback');
    const localOnly = [...publicPackages.map((project) => project.name), `${SCAFFOLD_SCOPE}/*`];
    const upstream = (
      await runCommand('npm', ['config', 'get', 'registry'], { cwd: temporaryRoot, env: process.env })
    ).stdout.trim();
    const registry = await startLocalRegistry(join(temporaryRoot, 'registry'), localOnly, upstream);
    stopRegistry = registry.stop;
    report.note(`registry at ${registry.url}, storage in ${join(temporaryRoot, 'registry')}`);
    const environment = userEnvironment(process.env, root, temporaryRoot, registry.npmrcPath);

    report.step(
      `publish a snapshot of every public package (changeset version --snapshot ${SNAPSHOT_TAG}, changeset publish)`,
    );
    const published = await publishSnapshot(
      root,
      join(temporaryRoot, 'workspace-copy'),
      publicPackages,
      SNAPSHOT_TAG,
      // changesets publishes where npm_config_registry points (it ignores .npmrc for that).
      { ...environment, npm_config_registry: registry.url, npm_config_userconfig: registry.publishNpmrcPath },
    );
    const context: CheckContext = {
      root,
      temporaryRoot,
      registryUrl: registry.url,
      userEnvironment: environment,
      published,
      toolVersions: await catalogVersions(root),
    };
    // Two lanes of about equal length side by side: installs wait on the network while
    // type-checks and tests use a core.
    await allOrFirstFailure([
      report.inLane('packages', async () => {
        await checkInstalledPackages(context, 'npm');
        await checkInstalledPackages(context, 'pnpm');
        await checkStrategyKitGuide(context);
      }),
      report.inLane('scaffold', () => checkScaffoldedStrategy(context, SCAFFOLD_SCOPE)),
    ]);
  } finally {
    report.step('stop the registry and remove everything the check made');
    await cleanUp();
    report.note(`removed ${temporaryRoot}`);
  }
  console.log(`\npublish check passed in ${report.elapsed()}`);
}

/** Waits for every lane to end (none is left running into the clean-up), then throws the first failure. */
async function allOrFirstFailure(lanes: readonly Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(lanes);
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  for (const extra of failures.slice(1))
    console.error(`\nalso failed: ${String((extra.reason as Error).message ?? extra.reason)}`);
  if (failures[0]) throw failures[0].reason;
}

/** The `catalog:` of pnpm-workspace.yaml: the versions this workspace pins for shared tools. */
async function catalogVersions(root: string): Promise<Record<string, string>> {
  const text = await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const versions: Record<string, string> = {};
  let inCatalog = false;
  for (const line of text.split('\n')) {
    if (/^catalog:\s*$/.test(line)) {
      inCatalog = true;
      continue;
    }
    if (inCatalog && /^\S/.test(line)) break;
    const entry = /^\s+['"]?([^'":\s]+)['"]?:\s*['"]?([^'"\s]+)['"]?/.exec(line);
    if (inCatalog && entry?.[1] && entry[2]) versions[entry[1]] = entry[2];
  }
  return versions;
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`\npublish check FAILED after ${report.elapsed()}: ${message}`);
  if (!(error instanceof PublishCheckError) && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
});
