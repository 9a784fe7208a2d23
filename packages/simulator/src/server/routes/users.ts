import { ok } from '../replies.js';
import type { Route } from '../router.js';

const viewAccess = { kind: 'private', permission: 'view', bucket: 'private' } as const;

/** Fee rates, the key's user and its profile. */
export const userRoutes: Route[] = [
  {
    method: 'GET',
    path: '/fees',
    access: viewAccess,
    handle: ({ exchange, caller }) => ok(exchange.fees(caller)),
  },
  {
    method: 'GET',
    path: '/users/self/verify',
    access: viewAccess,
    handle: ({ caller }) => ok({ id: caller.userId, name: 'Simulated Trader', roles: [], is_banned: false }),
  },
  {
    method: 'GET',
    path: '/profiles',
    access: viewAccess,
    handle: ({ caller }) =>
      ok([
        {
          id: caller.profileId,
          user_id: caller.userId,
          name: 'default',
          active: true,
          is_default: true,
          has_margin: false,
        },
      ]),
  },
];
