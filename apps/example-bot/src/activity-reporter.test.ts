import { taggedLogger } from '@tradeloop/strategy-kit';
import { describe, expect, it } from 'vitest';
import { botLogger } from './activity-reporter.js';
import type { BotEvent } from './bot-events.js';

describe('botLogger', () => {
  it("drops the runtime's own lines by their source tag and shows the strategy's, whatever the text", () => {
    const events: BotEvent[] = [];
    const logger = botLogger((event) => events.push(event), { debug: false });
    // The runtime hands one logger to itself and to ctx.log, tagged like this.
    const runtimeLog = taggedLogger(logger, 'runtime');
    const strategyLog = taggedLogger(logger, 'strategy');
    runtimeLog.info('runtime started', { strategy: 'quoting' });
    runtimeLog.warn('journal: dropped a torn last line', { path: '/tmp/journal.jsonl' });
    runtimeLog.error('runtime error: placing 01', { error: new Error('socket hang up') });
    strategyLog.info('runtime started');
    strategyLog.error('strategy handler gave up');
    strategyLog.debug('not shown without --debug');
    strategyLog.info('crossed above', { signal: 'buy', productId: 'BTC-USD' });
    expect(events).toEqual([
      { type: 'strategy-logged', level: 'info', message: 'runtime started' },
      { type: 'strategy-logged', level: 'error', message: 'strategy handler gave up' },
      { type: 'signal-raised', productId: 'BTC-USD', message: 'buy: crossed above' },
    ]);
  });
});
