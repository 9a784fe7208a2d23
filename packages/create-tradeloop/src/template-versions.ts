/**
 * The versions the new project depends on: the ones this create-tradeloop was released with. They
 * are this package's own devDependencies (its tests scaffold and run a project against them), which
 * publishing turns from `workspace:^` / `catalog:` into real ranges.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type DependencyVersions = Readonly<Record<string, string>>;

export function releasedWithVersions(): DependencyVersions {
  const manifestPath = fileURLToPath(new URL('../package.json', import.meta.url));
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  return manifest.devDependencies ?? {};
}
