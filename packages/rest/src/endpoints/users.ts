import type { Requester } from '../requester.js';
import type { CallOptions } from '../types/common.js';
import type { ExchangeUser, Profile } from '../types/users.js';

/** `GET /users/self/verify`: checks the key and returns its user. */
export async function getCurrentUser(requester: Requester, call?: CallOptions): Promise<ExchangeUser> {
  return (
    await requester.send<ExchangeUser>(
      {
        method: 'GET',
        path: '/users/self/verify',
        access: 'private',
        bucket: 'private',
        resend: 'idempotent',
      },
      call,
    )
  ).data;
}

/** `GET /profiles`: the user's portfolios. */
export async function getProfiles(requester: Requester, call?: CallOptions): Promise<Profile[]> {
  return (
    await requester.send<Profile[]>(
      { method: 'GET', path: '/profiles', access: 'private', bucket: 'private', resend: 'idempotent' },
      call,
    )
  ).data;
}
