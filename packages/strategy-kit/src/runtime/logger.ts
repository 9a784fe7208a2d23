/** Structured fields attached to a log line. Never put secrets here. */
export type LogFields = Readonly<Record<string, unknown>>;

/** The logger a runtime and its strategy write to. Bring your own (pino, winston) through this shape. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Who wrote a log line: the runtime itself, or the strategy through `ctx.log`. */
export type LogSource = 'runtime' | 'strategy';

/**
 * The field every line the runtime hands to your logger carries, with its {@link LogSource}
 * (`fields.logSource`), so an app can tell the runtime's own lines from the strategy's.
 */
export const logSourceField = 'logSource';

/**
 * A logger that adds `logSource: source` to every line's fields before handing it to `logger`.
 * The tag is set last, so a strategy's own fields cannot pass its lines off as the runtime's.
 */
export function taggedLogger(logger: Logger, source: LogSource): Logger {
  const tagged = (fields: LogFields | undefined): LogFields => ({ ...fields, [logSourceField]: source });
  return {
    debug: (message, fields) => logger.debug(message, tagged(fields)),
    info: (message, fields) => logger.info(message, tagged(fields)),
    warn: (message, fields) => logger.warn(message, tagged(fields)),
    error: (message, fields) => logger.error(message, tagged(fields)),
  };
}

/** Discards everything (the default: the runtime's typed events carry the same information). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Writes `level message {fields}` lines to the console; `debug` only when `verbose`. */
export function consoleLogger(options: { verbose?: boolean } = {}): Logger {
  const line = (fields: LogFields | undefined) =>
    fields === undefined ? '' : ` ${JSON.stringify(fields, jsonSafe)}`;
  return {
    debug(message, fields) {
      if (options.verbose) console.debug(`debug ${message}${line(fields)}`);
    },
    info(message, fields) {
      console.info(`info  ${message}${line(fields)}`);
    },
    warn(message, fields) {
      console.warn(`warn  ${message}${line(fields)}`);
    },
    error(message, fields) {
      console.error(`error ${message}${line(fields)}`);
    },
  };
}

/** Decimals print as their digits, errors as their code and message. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (value instanceof Error)
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  return value;
}
