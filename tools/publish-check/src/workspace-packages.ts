/**
 * The workspace's projects, found the way pnpm finds them (the globs of pnpm-workspace.yaml), so a
 * package added tomorrow is published and checked without touching this tool.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WorkspaceProject {
  name: string;
  version: string;
  private: boolean;
  /** Absolute path of the project's folder. */
  directory: string;
  /** Path relative to the workspace root, e.g. `packages/clock`. */
  relativeDirectory: string;
  manifest: PackageManifest;
}

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  bin?: string | Record<string, string>;
  exports?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Every project listed by pnpm-workspace.yaml's `packages` globs (only `dir/*` and `dir` forms). */
export function findWorkspaceProjects(root: string): WorkspaceProject[] {
  const workspaceFile = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const projects: WorkspaceProject[] = [];
  for (const pattern of workspacePatterns(workspaceFile)) {
    const folders = pattern.endsWith('/*')
      ? listFolders(join(root, pattern.slice(0, -2))).map((name) => `${pattern.slice(0, -2)}/${name}`)
      : [pattern];
    for (const relativeDirectory of folders) {
      const manifestPath = join(root, relativeDirectory, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageManifest;
      projects.push({
        name: manifest.name,
        version: manifest.version,
        private: manifest.private === true,
        directory: join(root, relativeDirectory),
        relativeDirectory,
        manifest,
      });
    }
  }
  return projects;
}

/** The packages a user can install: every `packages/*` project not marked `"private": true`. */
export function findPublicPackages(root: string): WorkspaceProject[] {
  return findWorkspaceProjects(root).filter(
    (project) => !project.private && project.relativeDirectory.startsWith('packages/'),
  );
}

function workspacePatterns(workspaceFile: string): string[] {
  const patterns: string[] = [];
  let inPackages = false;
  for (const line of workspaceFile.split('\n')) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (inPackages && /^\S/.test(line)) break;
    const item = /^\s+-\s+['"]?([^'"#\s]+)['"]?/.exec(line);
    if (inPackages && item?.[1]) patterns.push(item[1]);
  }
  return patterns;
}

function listFolders(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
