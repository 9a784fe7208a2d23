import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { publishedPackages, shown, workspaceRoot } from './workspace.js';

/**
 * Every name a package exports (values and types), with the declaration it stands for. The
 * packages are read from their sources, `@tradeloop/*` mapped to `packages/<name>/src/index.ts`, so
 * no build is needed and a re-export (strategy-kit's `Clock`) is the same declaration as its origin.
 */
function exportedDeclarations(): Map<string, Array<{ packageName: string; declaredIn: string }>> {
  const packages = publishedPackages();
  const entry = (folder: string) => join(workspaceRoot, 'packages', folder, 'src', 'index.ts');
  const program = ts.createProgram(
    packages.map((pkg) => entry(pkg.folder)),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      noEmit: true,
      baseUrl: workspaceRoot,
      paths: Object.fromEntries(packages.map((pkg) => [pkg.name, [entry(pkg.folder)]])),
    },
  );
  const checker = program.getTypeChecker();
  const names = new Map<string, Array<{ packageName: string; declaredIn: string }>>();
  for (const pkg of packages) {
    const source = program.getSourceFile(entry(pkg.folder));
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (module === undefined) throw new Error(`cannot read the exports of ${pkg.name}`);
    for (const exported of checker.getExportsOfModule(module)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = target.declarations?.[0];
      const declaredIn =
        declaration === undefined
          ? '?'
          : `${shown(declaration.getSourceFile().fileName)}:${declaration.getStart()}`;
      names.set(exported.name, [...(names.get(exported.name) ?? []), { packageName: pkg.name, declaredIn }]);
    }
  }
  return names;
}

describe('exported names', () => {
  it('no name means two things across packages (wire shapes, suffixed Wire, aside)', () => {
    const clashes: Record<string, string[]> = {};
    for (const [name, exports] of exportedDeclarations()) {
      if (new Set(exports.map((entry) => entry.declaredIn)).size < 2) continue;
      // The same Coinbase wire shape, declared by each side that speaks it (the simulator may not
      // import a client package, nor rest and websocket each other).
      if (name.endsWith('Wire')) continue;
      clashes[name] = exports.map((entry) => `${entry.packageName} (${entry.declaredIn})`);
    }
    expect(clashes).toEqual({});
  }, 60_000);
});
