/**
 * Publishes every public package to the local registry through the real release path:
 * `changeset version --snapshot <tag>` then `changeset publish --tag <tag>`, on a copy of the
 * workspace, so the working tree is never touched (not even by a check killed half-way).
 */
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { PublishCheckError } from './publish-check-error.js';
import { report } from './report.js';
import { runCommand } from './run-command.js';
import { findWorkspaceProjects, type WorkspaceProject } from './workspace-packages.js';

export interface PublishedPackage {
  name: string;
  version: string;
  /** Absolute path of the package in the workspace (its sources, README, tests). */
  workspaceDirectory: string;
}

/** Files at the workspace root that changesets and pnpm read to version and pack. */
const ROOT_FILES = ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', '.changeset'];
/** Never copied: installed or generated things that packing does not need. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.turbo', '.pack', 'coverage', '.readme-examples']);

/**
 * @param root the workspace root (its public packages must be built).
 * @param copyDirectory an empty temporary folder for the copy.
 * @param tag the snapshot tag, e.g. `publish-check`.
 * @param env the environment in which changesets and pnpm publish (registry and token set).
 */
export async function publishSnapshot(
  root: string,
  copyDirectory: string,
  publicPackages: readonly WorkspaceProject[],
  tag: string,
  env: NodeJS.ProcessEnv,
): Promise<PublishedPackage[]> {
  const projects = findWorkspaceProjects(root);
  await copyWorkspace(root, copyDirectory, projects, publicPackages);
  await writeFile(
    join(copyDirectory, '.changeset', `${tag}-snapshot.md`),
    `---\n${publicPackages.map((project) => `'${project.name}': patch`).join('\n')}\n---\n\nA snapshot of every public package for the publish check.\n`,
  );
  const changeset = createRequire(join(root, 'package.json')).resolve('@changesets/cli/bin.js');
  await runCommand(process.execPath, [changeset, 'version', '--snapshot', tag], { cwd: copyDirectory, env });
  await runCommand(process.execPath, [changeset, 'publish', '--tag', tag, '--no-git-tag'], {
    cwd: copyDirectory,
    env,
    timeoutMs: 300_000,
  });
  const published: PublishedPackage[] = [];
  for (const project of publicPackages) {
    const manifestPath = join(copyDirectory, project.relativeDirectory, 'package.json');
    const { version } = JSON.parse(await readFile(manifestPath, 'utf8')) as { version: string };
    if (!version.includes(tag)) {
      throw new PublishCheckError(
        `${project.name} was not given a snapshot version by changesets (it has ${version}); is it listed in the changeset's ignore list?`,
      );
    }
    published.push({ name: project.name, version, workspaceDirectory: project.directory });
  }
  report.note(`published ${published.map((entry) => `${entry.name}@${entry.version}`).join(', ')}`);
  return published;
}

/**
 * Copies every workspace project's manifest (changesets needs them all to plan versions) and the
 * whole of each public package, then links each `workspace:` dependency the way `pnpm install`
 * would, since `pnpm publish` reads the linked package's version to replace the protocol.
 */
async function copyWorkspace(
  root: string,
  copyDirectory: string,
  projects: readonly WorkspaceProject[],
  publicPackages: readonly WorkspaceProject[],
): Promise<void> {
  for (const file of ROOT_FILES) {
    await cp(join(root, file), join(copyDirectory, file), { recursive: true });
  }
  const publicNames = new Set(publicPackages.map((project) => project.name));
  for (const project of projects) {
    const target = join(copyDirectory, project.relativeDirectory);
    if (publicNames.has(project.name)) {
      await cp(project.directory, target, {
        recursive: true,
        filter: (source) => !SKIPPED_FOLDERS.has(source.split('/').pop() ?? ''),
      });
    } else {
      await mkdir(target, { recursive: true });
      await cp(join(project.directory, 'package.json'), join(target, 'package.json'));
    }
  }
  const byName = new Map(projects.map((project) => [project.name, project]));
  for (const project of projects) {
    const { dependencies, devDependencies, peerDependencies, optionalDependencies } = project.manifest;
    const all = { ...devDependencies, ...peerDependencies, ...optionalDependencies, ...dependencies };
    for (const [name, range] of Object.entries(all)) {
      const dependency = byName.get(name);
      if (!range.startsWith('workspace:') || !dependency) continue;
      const link = join(copyDirectory, project.relativeDirectory, 'node_modules', name);
      await mkdir(dirname(link), { recursive: true });
      await symlink(relative(dirname(link), join(copyDirectory, dependency.relativeDirectory)), link);
    }
  }
}
