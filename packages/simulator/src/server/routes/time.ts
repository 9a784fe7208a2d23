import { ok } from '../replies.js';
import type { Route } from '../router.js';

/** `GET /time`: `{iso, epoch}` with `epoch` a JSON number of seconds (decimals kept), as clients expect. */
export const timeRoutes: Route[] = [
  {
    method: 'GET',
    path: '/time',
    access: { kind: 'public' },
    handle: ({ context }) => {
      const nowMs = context.wallClock();
      return ok({ iso: new Date(nowMs).toISOString(), epoch: nowMs / 1000 });
    },
  },
];
