/**
 * One backtest as the `backtest` command (and each sweep cell) runs it: the strategy loaded as
 * `start` loads it, `runBacktest` with the command's account, fees, fills and risk limits on the
 * history read by backtest-history.ts. Shared by the command and the sweep's worker threads.
 */
import { type BacktestData, type BacktestRun, runBacktest } from '@tradeloop/backtest';
import { loadBotStrategy } from '../strategies/load-strategy.js';
import type { BacktestCommand } from './backtest-options.js';

/** Start balance when `--balances` is not given: this much of the first product's quote currency. */
export const DEFAULT_START_BALANCE = '10000';

/** Runs one backtest of `command` with `overrides` on top of its `--param` values. */
export async function backtestOnce(
  command: BacktestCommand,
  data: BacktestData,
  baseDirectory: string,
  overrides: Readonly<Record<string, string>> = {},
  onProgress?: (progress: { done: number; total: number; time: number }) => void,
): Promise<BacktestRun> {
  const rawParameters = { ...command.parameters, ...overrides };
  const { strategy, params } = await loadBotStrategy(command.strategy, rawParameters, baseDirectory);
  const quote = (command.products[0] as string).split('-')[1] as string;
  return runBacktest({
    strategy,
    strategyName: strategyLabel(command.strategy, baseDirectory),
    parameters: params,
    products: command.products,
    data,
    balances: command.balances ?? { [quote]: DEFAULT_START_BALANCE },
    ...(command.fees === undefined ? {} : { fees: command.fees }),
    slippageBps: command.slippageBps,
    latencyMs: command.latencyMs,
    seed: command.seed,
    touch: command.touch,
    risk: command.risk,
    ...(command.from === undefined ? {} : { from: command.from }),
    ...(command.to === undefined ? {} : { to: command.to }),
    ...(onProgress === undefined ? {} : { onProgress }),
  });
}

/** The strategy as the result names it: a built-in's name, a path relative to where the command ran. */
function strategyLabel(specifier: string, baseDirectory: string): string {
  return specifier.startsWith(`${baseDirectory}/`)
    ? `./${specifier.slice(baseDirectory.length + 1)}`
    : specifier;
}
