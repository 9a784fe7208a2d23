/**
 * Value parsers: each reads one option's text and returns the typed value, or throws a
 * {@link ConfigError} naming the flag, its environment variable, what was expected and what was
 * received.
 */
import { isAbsolute, resolve } from 'node:path';
import { Decimal } from 'decimal.js';
import { ConfigError } from '../config-error.js';
import { BUILT_IN_STRATEGIES, OPTIONS, type OptionName, type OptionSpec } from './options.js';

const PRODUCT_ID = /^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/;
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Names the source of a value in messages: the flag, and its environment variable. */
export function describeOption(name: OptionName): string {
  const spec: OptionSpec = OPTIONS[name];
  return spec.env === undefined ? `--${name}` : `--${name} (or ${spec.env})`;
}

/** The error for an unusable value of `name`. */
export function invalidValue(name: OptionName, received: string, expected: string): ConfigError {
  return new ConfigError(
    `${describeOption(name)} must be ${expected}, but it is ${JSON.stringify(received)}; correct the value and start again.`,
  );
}

export function parsePositiveDecimal(name: OptionName, value: string): Decimal {
  const expected = 'a positive decimal number such as 250 or 0.05';
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw invalidValue(name, value, expected);
  const decimal = new Decimal(value.trim());
  if (decimal.lte(0)) throw invalidValue(name, value, expected);
  return decimal;
}

export function parsePositiveInteger(name: OptionName, value: string): number {
  const expected = 'a whole number from 1 to 500';
  if (!/^\d+$/.test(value.trim())) throw invalidValue(name, value, expected);
  const count = Number(value.trim());
  if (count < 1 || count > 500) throw invalidValue(name, value, expected);
  return count;
}

export function parsePositiveSeconds(name: OptionName, value: string): number {
  const expected = 'a positive number of seconds such as 30 or 2.5';
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw invalidValue(name, value, expected);
  const seconds = Number(value.trim());
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw invalidValue(name, value, expected);
  return seconds;
}

/** `--journal-compact-above`: KiB (a positive number) or `off`; returns bytes, or `undefined` for off. */
export function parseJournalCompactAbove(value: string): number | undefined {
  const trimmed = value.trim();
  if (trimmed === 'off') return undefined;
  const expected = 'a positive number of KiB such as 1024, or off';
  if (!/^\d+(\.\d+)?$/.test(trimmed)) throw invalidValue('journal-compact-above', value, expected);
  const kibibytes = Number(trimmed);
  if (!(kibibytes > 0) || !Number.isFinite(kibibytes))
    throw invalidValue('journal-compact-above', value, expected);
  return Math.round(kibibytes * 1024);
}

export function parseSeed(value: string): number {
  if (!/^\d{1,9}$/.test(value.trim()))
    throw invalidValue('seed', value, 'a whole number from 0 to 999999999');
  return Number(value.trim());
}

export function parseProducts(value: string): string[] {
  const products = value
    .split(',')
    .map((product) => product.trim())
    .filter((product) => product !== '');
  if (products.length === 0) {
    throw invalidValue('products', value, 'a comma-separated list of product ids such as BTC-USD,ETH-USD');
  }
  for (const product of products) {
    if (!PRODUCT_ID.test(product)) {
      const hint = PRODUCT_ID.test(product.toUpperCase())
        ? ` (product ids are upper-case: ${product.toUpperCase()})`
        : '';
      throw new ConfigError(
        `${describeOption('products')} holds ${JSON.stringify(product)}, which is not a product id like BTC-USD${hint}; correct the list and start again.`,
      );
    }
  }
  return [...new Set(products)];
}

export function parseStrategyParameters(
  flagValues: readonly string[] | undefined,
  envValue: string | undefined,
): Record<string, string> {
  const pairs =
    flagValues !== undefined && flagValues.length > 0
      ? flagValues
      : (envValue ?? '')
          .split(',')
          .map((pair) => pair.trim())
          .filter((pair) => pair !== '');
  const parameters: Record<string, string> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    const name = separator === -1 ? pair : pair.slice(0, separator);
    if (separator === -1 || !PARAMETER_NAME.test(name)) {
      throw new ConfigError(
        `${describeOption('param')} takes name=value (for example --param spread=0.002), but received ${JSON.stringify(pair)}; correct it and start again.`,
      );
    }
    parameters[name] = pair.slice(separator + 1);
  }
  return parameters;
}

/**
 * Built-in names stay as they are; paths become absolute (relative to where the user typed the
 * command); anything else is taken as a package name and imported as such.
 */
export function resolveStrategySpecifier(specifier: string, baseDirectory: string): string {
  if ((BUILT_IN_STRATEGIES as readonly string[]).includes(specifier)) return specifier;
  const looksLikePath =
    specifier.startsWith('.') || isAbsolute(specifier) || /\.(?:[cm]?[jt]s)$/.test(specifier);
  return looksLikePath ? resolve(baseDirectory, specifier) : specifier;
}
