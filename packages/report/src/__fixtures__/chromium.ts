/**
 * Headless Chromium for the browser tests: Debian's `chromium` package (`.ci/run` installs it),
 * driven by playwright-core, with a fresh profile, no background traffic, and the network cut off
 * (the context is offline and every request that is not `file://` is aborted and remembered).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** A browser context with the network disabled, and the requests it refused. */
export interface OfflineBrowser {
  context: BrowserContext;
  blockedRequests: string[];
  close(): Promise<void>;
}

export async function launchOfflineChromium(): Promise<OfflineBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get update && apt-get install -y chromium)`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'tradeloop-report-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    offline: true,
    viewport: { width: 1280, height: 1400 },
    deviceScaleFactor: 1,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const blockedRequests: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    blockedRequests.push(url);
    return route.abort('internetdisconnected');
  });
  return {
    context,
    blockedRequests,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
