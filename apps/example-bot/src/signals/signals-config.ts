/**
 * The `--signals-*` options: where the webhook intake listens, with which secret, TLS or not.
 * Every mistake is a {@link ConfigError} saying what is wrong and how to fix it.
 */
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ConfigError } from '../config-error.js';

/** The environment variable that holds the intake's shared secret (never a flag: it would show in `ps`). */
export const SIGNALS_SECRET_VARIABLE = 'TRADELOOP_SIGNALS_SECRET';

/** The webhook intake, validated. */
export interface SignalsConfig {
  host: string;
  /** 0 = a free port. */
  port: number;
  secret: string;
  /** Absolute paths of a PEM certificate and key, to serve HTTPS. */
  tls: { certPath: string; keyPath: string } | undefined;
  /** Plain HTTP on a non-loopback address was explicitly allowed. */
  insecure: boolean;
  /** Where accepted signal ids are kept across restarts (beside the journal), or in memory. */
  storePath: string | undefined;
}

/** The raw option values (flags already merged with their environment variables). */
export interface SignalsOptionValues {
  listen: string | undefined;
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  insecure: boolean;
  secret: string | undefined;
  strategy: string;
  journalPath: string | undefined;
  baseDirectory: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * @returns `undefined` when no intake was asked for.
 * @throws {ConfigError} for a malformed address, a missing or short secret, half a TLS pair, an
 *   exposed address without TLS or `--signals-insecure`, TLS flags without `--signals-listen`, or
 *   the signal-follower strategy without an intake.
 */
export function parseSignalsConfig(values: SignalsOptionValues): SignalsConfig | undefined {
  if (values.listen === undefined) {
    if (values.tlsCert !== undefined || values.tlsKey !== undefined || values.insecure)
      throw new ConfigError(
        '--signals-tls-cert, --signals-tls-key and --signals-insecure only apply with --signals-listen <host:port>; add it or drop them.',
      );
    if (values.strategy === 'signal-follower')
      throw new ConfigError(
        'The signal-follower strategy trades on received signals, so it needs --signals-listen <host:port> (for example 127.0.0.1:8787) and TRADELOOP_SIGNALS_SECRET.',
      );
    return undefined;
  }
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(values.listen.trim());
  const port = match === null ? Number.NaN : Number(match[3]);
  if (match === null || port > 65_535)
    throw new ConfigError(
      `--signals-listen must be host:port such as 127.0.0.1:8787 (port 0 picks a free one), but it is ${JSON.stringify(values.listen)}; correct it and start again.`,
    );
  const host = (match[1] ?? match[2]) as string;
  const secret = values.secret;
  if (secret === undefined || secret.length < 16)
    throw new ConfigError(
      `--signals-listen needs ${SIGNALS_SECRET_VARIABLE} set to a secret of at least 16 characters (it is ${secret === undefined ? 'unset' : `${secret.length} characters`}); set it, e.g. to the output of \`openssl rand -hex 32\`.`,
    );
  if ((values.tlsCert === undefined) !== (values.tlsKey === undefined))
    throw new ConfigError(
      'HTTPS needs both --signals-tls-cert and --signals-tls-key (PEM files); give both or neither.',
    );
  const tls =
    values.tlsCert === undefined || values.tlsKey === undefined
      ? undefined
      : {
          certPath: resolve(values.baseDirectory, values.tlsCert),
          keyPath: resolve(values.baseDirectory, values.tlsKey),
        };
  if (!LOOPBACK.test(host) && tls === undefined && !values.insecure)
    throw new ConfigError(
      `--signals-listen ${values.listen} is not a loopback address, so signals would travel unencrypted: add --signals-tls-cert and --signals-tls-key, put a TLS reverse proxy in front and listen on 127.0.0.1, or accept the risk with --signals-insecure.`,
    );
  return {
    host,
    port,
    secret,
    tls,
    insecure: values.insecure,
    storePath: signalStorePath(values.journalPath),
  };
}

/** `journal.jsonl` → `journal.signals.jsonl` beside it; no journal file, no store file. */
function signalStorePath(journalPath: string | undefined): string | undefined {
  if (journalPath === undefined) return undefined;
  const extension = extname(journalPath);
  return join(dirname(journalPath), `${basename(journalPath, extension)}.signals${extension || '.jsonl'}`);
}
