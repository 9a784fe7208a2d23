import type { CheckContext } from "./check-context.js";
export async function checkScaffoldedStrategy(_c: CheckContext, _s: string): Promise<void> {}
