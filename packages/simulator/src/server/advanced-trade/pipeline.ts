import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../context.js';
import { describeError } from '../describe-error.js';
import { respondLater, sendJson } from '../reply-writer.js';
import { QueryParameters, type RequestTarget, unsupportedContentType } from '../request.js';
import { anonymousCaller, type Reply, type Route, Router } from '../router.js';
import { advancedTradeRoutes } from '../routes/advanced-trade/index.js';
import { verifyRestJwt } from './jwt-verifier.js';
import { verifyLegacyHmac } from './legacy-hmac.js';
import {
  advancedTradeError,
  advancedTradeNotFound,
  invalidArgument,
  missingScopes,
  rateLimited,
  UNAUTHORIZED_BODY,
} from './replies.js';

const router = new Router(advancedTradeRoutes);

/** Paths of the Advanced Trade protocol (and the `/v2` endpoints its clients call while setting up). */
export function isAdvancedTradePath(path: string): boolean {
  return path.startsWith('/api/v3/') || path.startsWith('/v2/');
}

/**
 * The Advanced Trade request pipeline, beside the Exchange one on the same port: route, inject
 * request faults, verify the JWT (private routes), check scopes and Advanced Trade's rate limits,
 * run the route, and answer in Advanced Trade's shapes. A JWT problem is a bare 401 `Unauthorized`;
 * its reason goes to the simulator's log only. Requests with `CB-ACCESS-*` headers and no
 * `Authorization` are checked as legacy (pre-CDP) HMAC keys instead.
 */
export async function handleAdvancedTradeRequest(
  context: ServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  target: RequestTarget,
  method: string,
  bodyBytes: Buffer,
): Promise<void> {
  const match = router.match(method, target.path);
  if (!match) {
    sendJson(response, advancedTradeNotFound());
    return;
  }
  const { route, params } = match;
  const state = context.advancedTrade;
  const requestFault = context.faults.requestFault();
  if (requestFault.kind === 'server-error') {
    await respondLater(
      context,
      response,
      advancedTradeError(requestFault.status, 'INTERNAL', requestFault.message),
    );
    return;
  }
  if (requestFault.kind === 'rate-limited') {
    await respondLater(context, response, rateLimited);
    return;
  }

  let caller = anonymousCaller;
  if (route.access.kind === 'public') {
    const ip = request.socket.remoteAddress ?? 'unknown';
    if (state.rateLimits && !state.rateLimits.public.take(ip)) {
      sendJson(response, rateLimited);
      return;
    }
  } else {
    const authorization = request.headers.authorization;
    let keyId: string;
    if (authorization === undefined && request.headers['cb-access-key'] !== undefined) {
      // A legacy (pre-CDP) HMAC key: no JWT, CB-ACCESS-* headers without a passphrase.
      const legacyCaller = verifyLegacyHmac(
        {
          headers: request.headers,
          method,
          path: target.path,
          rawQuery: target.rawQuery,
          rawBody: bodyBytes,
        },
        state.legacyKeys,
        context.wallClock(),
      );
      if (legacyCaller === undefined) {
        context.log(
          `advanced trade: 401 on ${method} ${target.path}: HMAC headers that no legacy key verifies`,
        );
        sendUnauthorized(response);
        return;
      }
      caller = legacyCaller;
      keyId = String(request.headers['cb-access-key']);
    } else {
      const verification = verifyRestJwt(
        { authorization, method, host: request.headers.host, path: target.path },
        state.keys,
        context.wallClock(),
      );
      if (!verification.ok) {
        context.log(`advanced trade: 401 on ${method} ${target.path}: ${verification.problem}`);
        sendUnauthorized(response);
        return;
      }
      caller = verification.record.caller;
      keyId = verification.record.keyName;
    }
    if (state.rateLimits && !state.rateLimits.private.take(keyId)) {
      sendJson(response, rateLimited);
      return;
    }
    if (!caller.permissions.has(route.access.permission)) {
      sendJson(response, missingScopes);
      return;
    }
  }

  const unsupported = unsupportedContentType(method, request.headers['content-type'], bodyBytes);
  if (unsupported !== undefined) {
    sendJson(response, advancedTradeError(415, 'INVALID_ARGUMENT', unsupported));
    return;
  }
  let body: unknown;
  if (method !== 'GET' && bodyBytes.length > 0) {
    try {
      body = JSON.parse(bodyBytes.toString('utf8'));
    } catch (error) {
      sendJson(response, invalidArgument(`malformed JSON body: ${describeError(error)}`));
      return;
    }
  }
  const reply = runRoute(context, route, {
    params,
    query: new QueryParameters(target.rawQuery),
    body,
    caller,
    exchange: context.exchange,
    context,
  });

  if (route.placesOrder && reply.status === 200) {
    const lost = context.faults.lostOrderResponse();
    if (lost === 'destroy-socket') {
      request.socket.destroy();
      return;
    }
    if (lost === 'gateway-error') {
      await respondLater(context, response, advancedTradeError(504, 'INTERNAL', 'Gateway Timeout'));
      return;
    }
  }
  await respondLater(context, response, reply);
}

function runRoute(context: ServerContext, route: Route, routeRequest: Parameters<Route['handle']>[0]): Reply {
  try {
    return route.handle(routeRequest);
  } catch (error) {
    context.log(`internal error in ${route.method} ${route.path}: ${describeError(error)}`);
    return advancedTradeError(500, 'INTERNAL', 'Internal server error');
  }
}

function sendUnauthorized(response: ServerResponse): void {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(401, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(UNAUTHORIZED_BODY),
  });
  response.end(UNAUTHORIZED_BODY);
}
