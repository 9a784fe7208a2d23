import { inspect } from 'node:util';

/** What a secret prints as, everywhere. */
export const REDACTED = '[redacted]';

/** The last four characters of a public identifier, so a user can tell keys apart in logs. */
export function maskIdentifier(identifier: string): string {
  return identifier.length <= 4 ? '…' : `…${identifier.slice(-4)}`;
}

/**
 * Installs `toString`, `toJSON` and `util.inspect` (and so `console.log`) renderings that show
 * only `visible` on an object holding secrets.
 */
export function installRedaction(target: object, label: string, visible: () => Record<string, string>): void {
  const render = () =>
    `${label} { ${Object.entries(visible())
      .map(([name, value]) => `${name}: ${value}`)
      .join(', ')} }`;
  Object.defineProperties(target, {
    toString: { value: render, enumerable: false },
    toJSON: { value: () => ({ ...visible() }), enumerable: false },
    [inspect.custom]: { value: render, enumerable: false },
  });
}
