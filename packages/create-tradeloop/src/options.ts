/** The command line of `create-tradeloop`, parsed and checked. */
import { basename, resolve } from 'node:path';
import { InvalidOptionsError } from './errors.js';

export interface CommandLine {
  /** The folder to create, as typed; undefined when not given. */
  directory: string | undefined;
  /** `--name`: the package name; defaults to the folder's name. */
  packageName: string | undefined;
  /** `--yes` / `-y`: take every default, ask nothing. */
  yes: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm create tradeloop@latest [folder] [-- --name <package-name>] [--yes]
       pnpm create tradeloop [folder] [--name <package-name>] [--yes]

Makes a strategy package in <folder> (default: my-strategy): a TypeScript strategy plugin, a
vitest test that runs it against the tradeloop simulator, a build (ESM + types) and scripts.

  --name <name>  the package name, e.g. @you/grid-strategy (default: the folder's name)
  --yes, -y      ask nothing, take the defaults (also when not on a terminal)
  --help, -h     print this and exit`;

export const DEFAULT_DIRECTORY = 'my-strategy';

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const line: CommandLine = { directory: undefined, packageName: undefined, yes: false, help: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--yes' || argument === '-y') line.yes = true;
    else if (argument === '--help' || argument === '-h') line.help = true;
    else if (argument === '--name' || argument.startsWith('--name=')) {
      const value = argument.startsWith('--name=') ? argument.slice('--name='.length) : argv[++index];
      if (value === undefined || value === '')
        throw new InvalidOptionsError('--name expects a package name, received nothing');
      line.packageName = value;
    } else if (argument.startsWith('-')) {
      throw new InvalidOptionsError(`expected --name, --yes or --help, received ${argument}`);
    } else if (line.directory === undefined) line.directory = argument;
    else throw new InvalidOptionsError(`expected one folder, received ${line.directory} and ${argument}`);
  }
  return line;
}

/** npm's rules for a package name, the ones a user can break by typing: lowercase, URL-safe, ≤ 214. */
export function packageNameProblem(name: string): string | undefined {
  if (name.length > 214) return 'at most 214 characters';
  if (!/^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/.test(name)) {
    return 'lowercase letters, digits, ".", "_", "~" and "-", optionally after an @scope/, not starting with "." or "_"';
  }
  return undefined;
}

/** The package name a folder suggests: `My Strategy` → `my-strategy`. */
export function packageNameFor(directory: string): string {
  const name = basename(resolve(directory))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name === '' ? DEFAULT_DIRECTORY : name;
}
