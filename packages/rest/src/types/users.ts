import type { IsoTimestamp } from './common.js';

/** `GET /users/self/verify`: the user behind the API key. */
export interface ExchangeUser {
  /** A 24-hex user id. */
  id: string;
  name?: string;
  email?: string;
  roles?: string[] | null;
  is_banned?: boolean;
  created_at?: IsoTimestamp;
}

/** One portfolio (profile) of the user, from `GET /profiles`. An API key is scoped to one. */
export interface Profile {
  id: string;
  user_id: string;
  name: string;
  active: boolean;
  is_default: boolean;
  has_margin?: boolean;
  created_at?: IsoTimestamp;
}
