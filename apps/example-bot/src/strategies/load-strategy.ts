/**
 * Finds the strategy to run — a built-in by name, or a plugin by path or package name — and
 * checks its `--param` values before anything connects, so a typo ends with one sentence.
 */
import {
  type AnyStrategy,
  InvalidParamsError,
  loadStrategy,
  PluginLoadError,
  resolveParams,
} from '@tradeloop/strategy-kit';
import { BUILT_IN_STRATEGIES } from '../config/options.js';
import { ConfigError } from '../config-error.js';
import marketMaker from './market-maker.js';
import signalFollower from './signal-follower.js';
import trendFollower from './trend-follower.js';

const builtIns: Record<(typeof BUILT_IN_STRATEGIES)[number], AnyStrategy> = {
  'market-maker': marketMaker,
  'trend-follower': trendFollower,
  'signal-follower': signalFollower,
};

/** A strategy with its parameters, ready for the runtime. */
export interface LoadedStrategy {
  strategy: AnyStrategy;
  /** Overrides of the defaults, typed like the defaults (numbers and booleans parsed). */
  params: Record<string, unknown>;
}

/**
 * @param specifier a built-in name, an absolute path, or a package name (from the config).
 * @param rawParams `--param` values, as text.
 * @param baseDirectory where packages are resolved from.
 * @throws {ConfigError} when the strategy cannot be loaded or refuses its parameters.
 */
export async function loadBotStrategy(
  specifier: string,
  rawParams: Readonly<Record<string, string>>,
  baseDirectory: string,
): Promise<LoadedStrategy> {
  let strategy: AnyStrategy;
  if (specifier in builtIns) {
    strategy = builtIns[specifier as keyof typeof builtIns];
  } else {
    try {
      strategy = await loadStrategy(specifier, { cwd: baseDirectory });
    } catch (error) {
      if (!PluginLoadError.isInstance(error)) throw error;
      throw new ConfigError(
        `The strategy could not be loaded (${firstLine(error.message)}); pass ${BUILT_IN_STRATEGIES.join(' or ')}, a path to a module whose default export is defineStrategy({...}), or an installed package name.`,
        { cause: error },
      );
    }
  }
  const params = typedParams(strategy, rawParams);
  try {
    resolveParams(strategy, params);
  } catch (error) {
    if (!InvalidParamsError.isInstance(error)) throw error;
    throw new ConfigError(
      `The ${strategy.name} strategy refuses its parameters (${error.message.replace(/^strategy [^:]+: /, '')}); fix the --param values.`,
      { cause: error },
    );
  }
  return { strategy, params };
}

/**
 * Command-line values are text; a parameter whose default is a number or a boolean gets its text
 * parsed, so `--param refreshMs=500` means the number 500. Unknown names pass through for the
 * strategy's own check to name them.
 */
function typedParams(
  strategy: AnyStrategy,
  rawParams: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const defaults = (strategy.params?.defaults ?? {}) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(rawParams)) {
    const example = defaults[name];
    if (typeof example === 'number') {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) {
        throw new ConfigError(
          `--param ${name} must be a number for the ${strategy.name} strategy (default ${example}), but it is ${JSON.stringify(text)}; correct it and start again.`,
        );
      }
      params[name] = value;
    } else if (typeof example === 'boolean') {
      if (text !== 'true' && text !== 'false') {
        throw new ConfigError(
          `--param ${name} must be true or false for the ${strategy.name} strategy, but it is ${JSON.stringify(text)}; correct it and start again.`,
        );
      }
      params[name] = text === 'true';
    } else {
      params[name] = text;
    }
  }
  return params;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
