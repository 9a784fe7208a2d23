import type { Caller, ExchangeApi, Permission } from '../exchange/contract.js';
import type { ServerContext } from './context.js';
import type { RateLimitKind } from './rate-limits.js';
import type { QueryParameters } from './request.js';

/** What a route answers: a status, a JSON body, and extra headers (pagination cursors). */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a route handler is given. */
export interface RouteRequest {
  params: Record<string, string>;
  query: QueryParameters;
  /** The parsed JSON body of a POST or DELETE; undefined when there is none. */
  body: unknown;
  /** The authenticated caller; always set on private routes. */
  caller: Caller;
  exchange: ExchangeApi;
  context: ServerContext;
}

/** Who may call a route and which rate-limit bucket it draws from. */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'private'; permission: Permission; bucket: Exclude<RateLimitKind, 'public'> };

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path pattern with `{name}` segments, e.g. `/products/{product_id}/book`. */
  path: string;
  access: RouteAccess;
  /**
   * Marks an order placement: the slow-placements fault holds it back, the lost-responses and
   * 2xx-garbage faults may swallow its response.
   */
  placesOrder?: boolean;
  /**
   * Marks a request the matching engine queues like a placement (Advanced Trade's batch cancel):
   * the slow-placements fault holds it back too.
   */
  queuedLikePlacement?: boolean;
  handle(request: RouteRequest): Reply;
}

/** The caller public routes see: nobody, with no permissions. */
export const anonymousCaller: Caller = { profileId: '', userId: '', permissions: new Set() };

interface CompiledRoute {
  route: Route;
  segments: Array<{ literal: string } | { param: string }>;
}

/** The route matched for a request, with its decoded path parameters. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** A small exact-segment router: paths are case-sensitive and live at the root, as on Coinbase. */
export class Router {
  /** Routes grouped by `METHOD segmentCount`, in declaration order: a request scans only its group. */
  readonly #groups = new Map<string, CompiledRoute[]>();

  constructor(routes: Route[]) {
    for (const route of routes) {
      const segments = route.path
        .split('/')
        .slice(1)
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment)?.[1];
          return param === undefined ? { literal: segment } : { param };
        });
      const key = groupKey(route.method, segments.length);
      const group = this.#groups.get(key);
      if (group) group.push({ route, segments });
      else this.#groups.set(key, [{ route, segments }]);
    }
  }

  /** Finds the route for `method` and `path`; undefined for unknown paths and methods alike. */
  match(method: string, path: string): RouteMatch | undefined {
    const parts = path.split('/').slice(1);
    const group = this.#groups.get(groupKey(method, parts.length));
    if (group === undefined) return undefined;
    for (const { route, segments } of group) {
      const params: Record<string, string> = {};
      let matched = true;
      for (let index = 0; index < segments.length; index += 1) {
        const segment = segments[index] as CompiledRoute['segments'][number];
        const part = parts[index] as string;
        if ('literal' in segment) {
          if (segment.literal !== part) {
            matched = false;
            break;
          }
        } else {
          const decoded = decodeSegment(part);
          if (decoded === undefined || decoded === '') {
            matched = false;
            break;
          }
          params[segment.param] = decoded;
        }
      }
      if (matched) return { route, params };
    }
    return undefined;
  }
}

function groupKey(method: string, segmentCount: number): string {
  return `${method} ${segmentCount}`;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
