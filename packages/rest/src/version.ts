// Replaced with the package.json version by tsup's `define` at build time (see tsup.config.ts).
declare const __TRADELOOP_REST_VERSION__: string | undefined;

/** This package's version, as sent in the `User-Agent` header. */
export const VERSION: string =
  typeof __TRADELOOP_REST_VERSION__ === 'string' ? __TRADELOOP_REST_VERSION__ : '0.0.0-source';

/** The default `User-Agent`: `@tradeloop/rest/<version>`. */
export const DEFAULT_USER_AGENT = `@tradeloop/rest/${VERSION}`;
