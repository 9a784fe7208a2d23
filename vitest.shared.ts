import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Tests import sibling packages from their sources, so `pnpm test` needs no build first and a
 * stack trace points at the file you edit. Published packages still resolve through `exports`.
 */
export const workspaceAliases = {
  '@tradeloop/errors': here('./packages/errors/src/index.ts'),
  '@tradeloop/clock': here('./packages/clock/src/index.ts'),
  '@tradeloop/auth': here('./packages/auth/src/index.ts'),
  '@tradeloop/rest': here('./packages/rest/src/index.ts'),
  '@tradeloop/websocket': here('./packages/websocket/src/index.ts'),
  '@tradeloop/strategy-kit': here('./packages/strategy-kit/src/index.ts'),
  '@tradeloop/coinbase': here('./packages/coinbase/src/index.ts'),
  '@tradeloop/simulator': here('./packages/simulator/src/index.ts'),
  'create-tradeloop': here('./packages/create-tradeloop/src/index.ts'),
  '@tradeloop/report': here('./packages/report/src/index.ts'),
  '@tradeloop/signals': here('./packages/signals/src/index.ts'),
};
