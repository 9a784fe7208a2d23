import type { FeedMessageType } from '../messages.js';
import { auctionfeedChannel } from './auctionfeed.js';
import { balanceChannel } from './balance.js';
import type { BookFed, ChannelDescriptor, MessageDescriptor } from './channel.js';
import { fullChannel } from './full.js';
import { heartbeatChannel } from './heartbeat.js';
import { level2Channel } from './level2.js';
import { level2BatchChannel } from './level2-batch.js';
import { level3Channel } from './level3.js';
import { matchesChannel } from './matches.js';
import { protocolMessages } from './protocol-messages.js';
import { rfqMatchesChannel } from './rfq-matches.js';
import { statusChannel } from './status.js';
import { tickerChannel } from './ticker.js';
import { tickerBatchChannel } from './ticker-batch.js';
import { userChannel } from './user.js';

/** Every channel of the Coinbase Exchange feed this client knows. A new channel is listed here. */
const allChannels = [
  heartbeatChannel,
  statusChannel,
  tickerChannel,
  tickerBatchChannel,
  level2Channel,
  level2BatchChannel,
  matchesChannel,
  fullChannel,
  userChannel,
  level3Channel,
  rfqMatchesChannel,
  balanceChannel,
  auctionfeedChannel,
] as const satisfies readonly ChannelDescriptor[];

type KnownChannel = (typeof allChannels)[number];
type CanonicalName = KnownChannel['name'];
type AliasName = Extract<KnownChannel, { aliases: readonly string[] }>['aliases'][number];

/** A channel name (`ticker_1000` and `level2_50` are accepted as aliases and sent as such). */
export type ChannelName = CanonicalName | AliasName;

/** The channels of the Coinbase Exchange feed that this client speaks (canonical names). */
export const CHANNEL_NAMES: readonly CanonicalName[] = allChannels.map((channel) => channel.name);

const byName = new Map<string, ChannelDescriptor>();
for (const channel of allChannels as readonly ChannelDescriptor[]) {
  byName.set(channel.name, channel);
  for (const alias of channel.aliases ?? []) byName.set(alias, channel);
}

/** Channels Coinbase refuses without an authenticated subscribe. */
export const AUTHENTICATED_CHANNELS: ReadonlySet<string> = new Set(
  allChannels.filter((channel) => channel.requiresAuth).map((channel) => channel.name),
);

/** True for a channel name this client knows (aliases included). */
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && byName.has(name);
}

/** The descriptor of a channel, by canonical name or alias. */
export function channelNamed(name: string): ChannelDescriptor | undefined {
  return byName.get(name);
}

/** The canonical name of a channel (`level2_50` → `level2_batch`). */
export function canonicalChannel(name: ChannelName): string {
  return byName.get(name)?.name ?? name;
}

/** True when subscribing to `name` needs credentials. */
export function requiresAuthentication(name: string): boolean {
  return byName.get(name)?.requiresAuth ?? false;
}

/** True for a channel that takes no product ids. */
export function isProductless(name: string): boolean {
  return byName.get(name)?.productless ?? false;
}

/** The canonical names of the channels that feed `book`. */
export function channelsFeeding(book: BookFed): readonly string[] {
  return book === 'level2' ? level2Feeders : level3Feeders;
}

const level2Feeders = feeders('level2');
const level3Feeders = feeders('level3');

function feeders(book: BookFed): string[] {
  return (allChannels as readonly ChannelDescriptor[])
    .filter((channel) => channel.feedsBook === book)
    .map((channel) => channel.name);
}

const messages = new Map<string, MessageDescriptor>();
for (const message of [
  ...(allChannels as readonly ChannelDescriptor[]).flatMap((channel) => channel.messages),
  ...protocolMessages,
]) {
  const known = messages.get(message.type);
  // A type sent on several channels is one shared descriptor; two differing ones would be two truths.
  if (known !== undefined && known !== message) {
    throw new Error(`two descriptors describe the "${message.type}" message; share one`);
  }
  messages.set(message.type, message);
}

/** The descriptor of a message type, if the client knows it. */
export function messageNamed(type: string): MessageDescriptor | undefined {
  return messages.get(type);
}

/** Every message type the client knows. */
export function knownMessageTypes(): FeedMessageType[] {
  return [...messages.keys()] as FeedMessageType[];
}
