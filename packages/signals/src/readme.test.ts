import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonKeepingNumbers, parseSignal } from './index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The README's alert template with TradingView's placeholders filled in, as TradingView would. */
function filledTemplate(values: Record<string, string>): string {
  const template = /### Alert template to paste[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
  if (template === undefined) throw new Error('the README has no alert template');
  return template.replace(/\{\{([a-z_.]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {{${name}}}`);
    return value;
  });
}

describe('the README alert template', () => {
  const options = { productIds: ['BTC-USD'], source: 'webhook' };
  const common = { timenow: '2026-01-05T12:00:00Z', ticker: 'BTCUSD', 'strategy.order.contracts': '0.5' };

  it('parses as TradingView fills it: an entry becomes a buy of the contracts', () => {
    const body = parseJsonKeepingNumbers(
      filledTemplate({ ...common, 'strategy.order.action': 'buy', 'strategy.market_position': 'long' }),
    );
    expect(body).toMatchObject({ secret: 'YOUR_TRADELOOP_SIGNALS_SECRET' });
    const signal = parseSignal(body, options);
    expect(signal).toMatchObject({ productId: 'BTC-USD', action: 'buy', type: 'market' });
    expect(signal.size?.toFixed()).toBe('0.5');
  });

  it('turns an exit to flat into close', () => {
    const body = parseJsonKeepingNumbers(
      filledTemplate({ ...common, 'strategy.order.action': 'sell', 'strategy.market_position': 'flat' }),
    );
    expect(parseSignal(body, options).action).toBe('close');
  });
});
