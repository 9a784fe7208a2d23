import type { ChannelDefinition } from './channel.js';
import { fullChannel } from './full.js';
import { heartbeatChannel } from './heartbeat.js';
import { level2Channel } from './level2.js';
import { level2BatchChannel } from './level2-batch.js';
import { matchesChannel } from './matches.js';
import { statusChannel } from './status.js';
import { tickerChannel } from './ticker.js';
import { tickerBatchChannel } from './ticker-batch.js';
import { userChannel } from './user.js';

/** Every channel the simulator serves. */
export const allChannels: readonly ChannelDefinition[] = [
  heartbeatChannel,
  statusChannel,
  tickerChannel,
  tickerBatchChannel,
  level2Channel,
  level2BatchChannel,
  matchesChannel,
  fullChannel,
  userChannel,
];

const byName = new Map<string, ChannelDefinition>();
for (const channel of allChannels) {
  byName.set(channel.name, channel);
  for (const alias of channel.aliases ?? []) byName.set(alias, channel);
}

/** The channel called `name` (or one of its aliases). */
export function channelNamed(name: string): ChannelDefinition | undefined {
  return byName.get(name);
}
