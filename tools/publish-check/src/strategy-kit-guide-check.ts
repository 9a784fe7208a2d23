import type { CheckContext } from "./check-context.js";
export async function checkStrategyKitGuide(_c: CheckContext): Promise<void> {}
