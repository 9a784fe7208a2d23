/** Structured fields attached to a log line. Never put secrets here. */
export type LogFields = Readonly<Record<string, unknown>>;

/** The logger a runtime and its strategy write to. Bring your own (pino, winston) through this shape. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
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
