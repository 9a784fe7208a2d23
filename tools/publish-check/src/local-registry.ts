/**
 * A real npm registry on loopback (verdaccio) with its storage in a temporary folder. Packages this
 * check publishes are served only from it; every other package is fetched from the public npm
 * registry through it, the way a company mirror works.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runServer } from 'verdaccio';
import { PublishCheckError } from './publish-check-error.js';

export interface LocalRegistry {
  /** e.g. `http://127.0.0.1:43121/` */
  url: string;
  /** A user's `.npmrc`: our scopes from this registry, the rest from upstream; a token to publish. */
  npmrcPath: string;
  /** An `.npmrc` for releasing: every package to this registry, with the token. */
  publishNpmrcPath: string;
  stop(): Promise<void>;
}

/**
 * @param directory an empty temporary folder the registry keeps its storage, config and log in.
 * @param localOnlyPackages name patterns served only from this registry, never from the public one
 *   (so a real package of that name on npm cannot stand in for ours).
 * @param upstreamUrl the registry everything else comes from (npm's, or the machine's mirror).
 */
export async function startLocalRegistry(
  directory: string,
  localOnlyPackages: readonly string[],
  upstreamUrl: string,
): Promise<LocalRegistry> {
  await mkdir(directory, { recursive: true });
  const configPath = join(directory, 'verdaccio.yaml');
  await writeFile(configPath, verdaccioConfig(directory, localOnlyPackages, upstreamUrl));
  const server = (await runServer(configPath)) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  try {
    const token = await createPublisher(url);
    const authentication = [
      `//127.0.0.1:${port}/:_authToken=${token}`,
      'fund=false',
      'audit=false',
      'update-notifier=false',
    ];
    // Users: third-party packages straight from upstream (fast, abbreviated metadata), our scopes
    // from here; unscoped packages of ours are installed by tarball URL or with --registry.
    const npmrcPath = join(directory, 'user.npmrc');
    await writeFile(
      npmrcPath,
      [
        `registry=${upstreamUrl}`,
        ...scopesOf(localOnlyPackages).map((scope) => `${scope}:registry=${url}`),
        ...authentication,
        '',
      ].join('\n'),
    );
    // Publishing: every package to here and nowhere else (pnpm publish reads .npmrc, not only the environment).
    const publishNpmrcPath = join(directory, 'publish.npmrc');
    await writeFile(publishNpmrcPath, [`registry=${url}`, ...authentication, ''].join('\n'));
    return { url, npmrcPath, publishNpmrcPath, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Registers a user (verdaccio's htpasswd lets anyone sign up) and returns its token. */
async function createPublisher(url: string): Promise<string> {
  const name = 'publish-check';
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'publish-check-password', type: 'user', roles: [] }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || typeof body.token !== 'string') {
    throw new PublishCheckError(
      `the local registry refused to create a publishing user (HTTP ${response.status}: ${JSON.stringify(body)})`,
    );
  }
  return body.token;
}

function scopesOf(patterns: readonly string[]): string[] {
  return [
    ...new Set(
      patterns
        .filter((pattern) => pattern.startsWith('@'))
        .map((pattern) => pattern.split('/')[0] ?? pattern),
    ),
  ];
}

function verdaccioConfig(
  directory: string,
  localOnlyPackages: readonly string[],
  upstreamUrl: string,
): string {
  const local = localOnlyPackages
    .map((pattern) => `  '${pattern}':\n    access: $all\n    publish: $authenticated\n`)
    .join('');
  return `storage: ${JSON.stringify(join(directory, 'storage'))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(directory, 'htpasswd'))}
    max_users: 10
uplinks:
  npmjs:
    url: ${JSON.stringify(upstreamUrl)}
    timeout: 60s
    max_fails: 5
packages:
${local}  '**':
    access: $all
    publish: $authenticated
    proxy: npmjs
server:
  keepAliveTimeout: 60
max_body_size: 100mb
log: { type: file, path: ${JSON.stringify(join(directory, 'verdaccio.log'))}, level: warn }
web:
  enable: false
`;
}
