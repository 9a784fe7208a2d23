import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, isShippedSource, packageNameOf, publishedPackages, shown } from './workspace.js';

/**
 * The package graph of the root README and decisions 0005/0006: each package's run-time
 * `@tradeloop/*` dependencies, exactly. Adding an edge is a design decision: change it here and in
 * the README together.
 */
const allowedGraph: Record<string, readonly string[]> = {
  '@tradeloop/errors': [],
  '@tradeloop/clock': [],
  '@tradeloop/auth': ['@tradeloop/clock', '@tradeloop/errors'],
  '@tradeloop/rest': ['@tradeloop/auth', '@tradeloop/clock', '@tradeloop/errors'],
  '@tradeloop/websocket': ['@tradeloop/auth', '@tradeloop/clock', '@tradeloop/errors'],
  // Ports and engines only: no exchange client at run time.
  '@tradeloop/strategy-kit': ['@tradeloop/clock', '@tradeloop/errors'],
  '@tradeloop/coinbase': [
    '@tradeloop/auth',
    '@tradeloop/errors',
    '@tradeloop/rest',
    '@tradeloop/strategy-kit',
    '@tradeloop/websocket',
  ],
  '@tradeloop/simulator': ['@tradeloop/clock', '@tradeloop/errors'],
  // Renders a run-result JSON file: it reads data, it depends on no engine.
  '@tradeloop/report': ['@tradeloop/errors'],
  // A signal source feeds the runtime's port (SignalSource, onSignal).
  '@tradeloop/signals': ['@tradeloop/clock', '@tradeloop/errors', '@tradeloop/strategy-kit'],
  // The scaffold writes files; the packages it names are the new project's dependencies, not its own.
  'create-tradeloop': ['@tradeloop/errors'],
};

/** Packages that talk to Coinbase as a client; the simulator plays the exchange and uses none. */
const clientPackages = [
  '@tradeloop/auth',
  '@tradeloop/rest',
  '@tradeloop/websocket',
  '@tradeloop/strategy-kit',
  '@tradeloop/coinbase',
];

const packages = publishedPackages();
const builtins = new Set(builtinModules);
const isTradeloop = (name: string) => name.startsWith('@tradeloop/');

/** The packages a set of files imports (node built-ins aside), each with the files that import it. */
function importedPackages(files: readonly string[]): Map<string, string[]> {
  const imported = new Map<string, string[]>();
  for (const file of files) {
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      const name = packageNameOf(specifier);
      if (name === undefined || builtins.has(name)) continue;
      imported.set(name, [...(imported.get(name) ?? []), shown(file)]);
    }
  }
  return imported;
}

describe('package dependency graph', () => {
  it('covers every published package', () => {
    expect(packages.map((pkg) => pkg.name).sort()).toEqual(Object.keys(allowedGraph).sort());
  });

  it.each(packages.map((pkg) => [pkg.name, pkg] as const))(
    '%s declares exactly its allowed run-time @tradeloop dependencies',
    (name, pkg) => {
      expect(pkg.dependencies.filter(isTradeloop)).toEqual([...(allowedGraph[name] ?? [])].sort());
    },
  );

  it.each(packages.map((pkg) => [pkg.name, pkg] as const))(
    '%s ships code that imports only its declared run-time dependencies, and uses each of them',
    (name, pkg) => {
      const imported = importedPackages(pkg.sourceFiles.filter(isShippedSource));
      imported.delete(name);
      const undeclared = [...imported].filter(([dependency]) => !pkg.dependencies.includes(dependency));
      expect(Object.fromEntries(undeclared)).toEqual({});
      expect(pkg.dependencies.filter((dependency) => !imported.has(dependency))).toEqual([]);
    },
  );

  it.each(packages.map((pkg) => [pkg.name, pkg] as const))(
    "%s's tests and benchmarks import only declared (dev) dependencies",
    (name, pkg) => {
      const declared = new Set([name, ...pkg.dependencies, ...pkg.devDependencies]);
      const imported = importedPackages([
        ...pkg.sourceFiles.filter((file) => !isShippedSource(file)),
        ...pkg.testFiles,
      ]);
      const undeclared = [...imported].filter(([dependency]) => !declared.has(dependency));
      expect(Object.fromEntries(undeclared)).toEqual({});
    },
  );

  it('the simulator neither depends on nor imports a client package, not even in its tests', () => {
    const simulator = packages.find((pkg) => pkg.name === '@tradeloop/simulator');
    if (simulator === undefined) throw new Error('packages/simulator is missing');
    const declared = [...simulator.dependencies, ...simulator.devDependencies];
    expect(declared.filter((name) => clientPackages.includes(name))).toEqual([]);
    const imported = importedPackages([...simulator.sourceFiles, ...simulator.testFiles]);
    expect(clientPackages.filter((name) => imported.has(name))).toEqual([]);
  });
});
