/** The channels of the Coinbase Exchange feed that this client speaks. */
export const CHANNEL_NAMES = [
  'heartbeat',
  'status',
  'ticker',
  'ticker_batch',
  'level2',
  'level2_batch',
  'matches',
  'full',
  'user',
  'level3',
  'rfq_matches',
  'balance',
  'auctionfeed',
] as const;

/** A channel name (`ticker_1000` and `level2_50` are accepted as aliases and sent as such). */
export type ChannelName = (typeof CHANNEL_NAMES)[number] | 'ticker_1000' | 'level2_50';

/** Channels Coinbase refuses without an authenticated subscribe. */
export const AUTHENTICATED_CHANNELS: ReadonlySet<string> = new Set([
  'full',
  'user',
  'level2',
  'level3',
  'balance',
  'rfq_matches',
]);

/** Channels that take no product ids. */
export const PRODUCTLESS_CHANNELS: ReadonlySet<string> = new Set(['status', 'balance', 'rfq_matches']);

const aliases: Readonly<Record<string, string>> = { ticker_1000: 'ticker_batch', level2_50: 'level2_batch' };

const known: ReadonlySet<string> = new Set<string>([...CHANNEL_NAMES, ...Object.keys(aliases)]);

/** True for a channel name this client knows (aliases included). */
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && known.has(name);
}

/** The canonical name of a channel (`level2_50` → `level2_batch`). */
export function canonicalChannel(name: ChannelName): string {
  return aliases[name] ?? name;
}

/** True when subscribing to `name` needs credentials. */
export function requiresAuthentication(name: string): boolean {
  return AUTHENTICATED_CHANNELS.has(canonicalChannel(name as ChannelName));
}
