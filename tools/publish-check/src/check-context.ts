/** What every step of the check shares: where things are, and how a user's shell would look. */
import { delimiter, join } from 'node:path';
import type { PublishedPackage } from './snapshot-release.js';

export interface CheckContext {
  /** The workspace root. */
  root: string;
  /** The temporary folder everything the check makes lives in (outside the workspace). */
  temporaryRoot: string;
  registryUrl: string;
  /** The environment of a user's shell pointed at the local registry, with empty caches. */
  userEnvironment: NodeJS.ProcessEnv;
  published: PublishedPackage[];
  /** Versions the workspace pins for tools a user installs beside our packages (catalog). */
  toolVersions: Record<string, string>;
}

/**
 * The caller's environment without what pnpm adds when it runs a script (npm_* variables, the
 * workspace's `node_modules/.bin` on PATH), with the local registry's `.npmrc` (our scopes from it,
 * everything else from the public registry) and an empty npm cache, so nothing installed in the
 * workspace can leak into a "user" project. pnpm gets its empty store from {@link pnpmStoreFlags}.
 */
export function userEnvironment(
  base: NodeJS.ProcessEnv,
  root: string,
  temporaryRoot: string,
  npmrcPath: string,
): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (/^(npm_|pnpm_|PNPM_|INIT_CWD$|VITEST|TURBO_|NODE_OPTIONS$)/i.test(name)) continue;
    environment[name] = value;
  }
  environment.PATH = (base.PATH ?? '')
    .split(delimiter)
    .filter((entry) => !entry.startsWith(root))
    .join(delimiter);
  environment.npm_config_userconfig = npmrcPath;
  environment.npm_config_cache = join(temporaryRoot, 'npm-cache');
  // pnpm keeps its metadata cache under XDG_CACHE_HOME (its store comes from pnpmStoreFlags).
  environment.XDG_CACHE_HOME = join(temporaryRoot, 'cache');
  environment.npm_config_update_notifier = 'false';
  environment.CI = 'true';
  environment.FORCE_COLOR = '0';
  return environment;
}

/** pnpm's store in the check's temporary folder: nothing comes from the machine's store. */
export function pnpmStoreFlags(context: CheckContext): string[] {
  return [`--store-dir=${join(context.temporaryRoot, 'pnpm-store')}`];
}

/** For a command that must find an unscoped package of ours: every package from the local registry. */
export function localRegistryFlag(context: CheckContext): string {
  return `--registry=${context.registryUrl}`;
}

/**
 * What to install for each published package: `name@version` for a scoped package (its scope is
 * routed to the local registry), the tarball's URL on the local registry for an unscoped one.
 */
export function installSpecifiers(context: CheckContext, names?: readonly string[]): string[] {
  return context.published
    .filter((entry) => names === undefined || names.includes(entry.name))
    .map((entry) =>
      entry.name.startsWith('@')
        ? `${entry.name}@${entry.version}`
        : `${context.registryUrl}${entry.name}/-/${entry.name}-${entry.version}.tgz`,
    );
}

/** `name@version` of a third-party tool: the workspace's pinned version, else the latest. */
export function toolSpecifier(context: CheckContext, name: string): string {
  const version = context.toolVersions[name];
  return version === undefined ? name : `${name}@${version}`;
}
