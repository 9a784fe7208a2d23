/**
 * Reading the command line: flags parsed against the option table, each falling back to its
 * environment variable; parse failures become one-sentence {@link ConfigError}s.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config-error.js';
import { OPTIONS, type OptionName, type OptionSpec } from './options.js';

/** The process environment, or any stand-in for it. */
export type Environment = Record<string, string | undefined>;

/** The flags given, typed by the option table. */
export type FlagValues = {
  [Name in OptionName]?: (typeof OPTIONS)[Name] extends { multiple: true }
    ? string[]
    : (typeof OPTIONS)[Name]['type'] extends 'boolean'
      ? boolean
      : string;
};

/** Parses `argv` against the option table. @throws {ConfigError} for an unknown, misplaced or value-less flag. */
export function parseFlags(argv: readonly string[]): FlagValues {
  // `pnpm start -- --duration 10` may hand the separator through; it means nothing here.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const options = Object.fromEntries(
    Object.entries(OPTIONS).map(([name, spec]) => [
      name,
      { type: spec.type, ...('multiple' in spec ? { multiple: true } : {}) },
    ]),
  ) as Record<OptionName, { type: 'string' | 'boolean'; multiple?: boolean }>;
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as FlagValues;
  } catch (error) {
    throw new ConfigError(describeParseFailure(error), { cause: error });
  }
}

function describeParseFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${quoted}; run with --help to list the options.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument "${quoted}": every option is a --flag (for example --products ${quoted}); run with --help to list them.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = /--[a-z-]+/.exec(message)?.[0] ?? quoted;
      if (message.includes('does not take an argument')) {
        return `Option ${flag} is a switch and takes no value; write ${flag} alone.`;
      }
      if (message.includes('ambiguous')) {
        return `Option ${flag} needs a value, and a value starting with "-" must be joined to it, as in ${flag}=-5.`;
      }
      const spec: OptionSpec | undefined = OPTIONS[flag.slice(2) as OptionName];
      return `Option ${flag} needs a value; write it as ${flag} ${spec?.placeholder ?? '<value>'}.`;
    }
    default:
      return `The command line could not be read (${message}); run with --help to list the options.`;
  }
}

/** A flag's value, else its environment variable's (an empty variable counts as unset). */
export function flagOrEnv(values: FlagValues, env: Environment, name: OptionName): string | undefined {
  const flagValue = values[name];
  if (typeof flagValue === 'string') return flagValue;
  const spec: OptionSpec = OPTIONS[name];
  if (spec.env === undefined) return undefined;
  const envValue = env[spec.env];
  return envValue === undefined || envValue === '' ? undefined : envValue;
}
