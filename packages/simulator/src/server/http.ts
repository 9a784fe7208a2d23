import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdvancedTradeProtocol, isAdvancedTradePath } from './advanced-trade/protocol.js';
import type { ServerContext } from './context.js';
import { describeError } from './describe-error.js';
import { createExchangeProtocol } from './exchange-protocol.js';
import { respondLater, sendJson, sendReply, sendText } from './reply-writer.js';
import {
  QueryParameters,
  type RequestTarget,
  readBody,
  splitTarget,
  unsupportedContentType,
} from './request.js';
import type { RestProtocol } from './rest-protocol.js';
import { anonymousCaller, type Reply, type Route } from './router.js';

/** The protocols the pipeline serves, chosen by path. */
interface Protocols {
  exchange: RestProtocol;
  advancedTrade: RestProtocol;
}

/**
 * The REST request pipeline, one for both protocols (Exchange at the root, Advanced Trade under
 * `/api/v3/` and `/v2/`): read the body (bounded), route, inject request faults, authenticate,
 * check permissions and rate limits, run the route, and write the reply. The protocol supplies
 * its routes, authentication, rate limits and error shapes; every fault applies to both. A bug in
 * one request is caught, logged and answered with a 500; it never reaches the process.
 */
export function createRequestListener(
  context: ServerContext,
): (request: IncomingMessage, response: ServerResponse) => void {
  const protocols: Protocols = {
    exchange: createExchangeProtocol(),
    advancedTrade: createAdvancedTradeProtocol(),
  };
  return (request, response) => {
    const target = splitTarget(request.url ?? '/');
    const protocol = isAdvancedTradePath(target.path) ? protocols.advancedTrade : protocols.exchange;
    handleRequest(context, protocol, target, request, response).catch((error: unknown) => {
      context.log(`internal error on ${request.method} ${target.path}: ${describeError(error)}`);
      if (!response.headersSent) sendJson(response, protocol.errors.internalError);
      else response.destroy();
    });
  };
}

async function handleRequest(
  context: ServerContext,
  protocol: RestProtocol,
  target: RequestTarget,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { errors } = protocol;
  const method = request.method ?? 'GET';
  const body = await readBody(request, context.limits.maxBodyBytes);
  if (!body.ok) {
    if (body.reason === 'aborted') {
      response.destroy();
      return;
    }
    // The rest of an oversized body is never read: close the connection after answering.
    response.setHeader('Connection', 'close');
    sendJson(response, errors.bodyTooLarge(context.limits.maxBodyBytes));
    return;
  }
  const match = protocol.router.match(method, target.path);
  if (!match) {
    sendJson(response, errors.notFound);
    return;
  }
  const { route, params } = match;

  const requestFault = context.faults.requestFault();
  if (requestFault.kind === 'server-error') {
    await respondLater(
      context,
      response,
      errors.injectedServerError(requestFault.status, requestFault.message),
    );
    return;
  }
  if (requestFault.kind === 'rate-limited') {
    await respondLater(
      context,
      response,
      errors.rateLimited(route.access.kind === 'public' ? 'public' : 'private'),
    );
    return;
  }

  let caller = anonymousCaller;
  if (route.access.kind === 'public') {
    // Public routes ignore auth headers entirely, even empty or wrong ones (bennycode signs everything).
    const ip = request.socket.remoteAddress ?? 'unknown';
    if (!protocol.takeRateLimitToken(context, 'public', ip)) {
      sendJson(response, errors.rateLimited('public'));
      return;
    }
  } else {
    if (context.faults.echoHeaders()) {
      await respondLater(context, response, errors.headerEcho(request.headers));
      return;
    }
    const authentication = protocol.authenticate(context, {
      headers: request.headers,
      method,
      target,
      rawBody: body.bytes,
    });
    if (!authentication.ok) {
      sendReply(response, authentication.reply);
      return;
    }
    caller = authentication.caller;
    if (!protocol.takeRateLimitToken(context, route.access.bucket, authentication.rateLimitKey)) {
      sendJson(response, errors.rateLimited(route.access.bucket));
      return;
    }
    if (!caller.permissions.has(route.access.permission)) {
      sendJson(response, errors.forbidden);
      return;
    }
  }

  const unsupported = unsupportedContentType(method, request.headers['content-type'], body.bytes);
  if (unsupported !== undefined) {
    sendJson(response, errors.unsupportedMediaType(unsupported));
    return;
  }
  const parsedBody = parseJsonBody(method, body.bytes);
  if (!parsedBody.ok) {
    sendJson(response, errors.malformedJson(parsedBody.error));
    return;
  }
  if (route.placesOrder || route.queuedLikePlacement) {
    // A queueing matching engine: the request lands only after the wait (a lookup meanwhile finds nothing).
    const holdMs = context.faults.slowPlacementDelayMs();
    if (holdMs > 0) await sleep(holdMs);
  }
  const reply = runRoute(context, protocol, route, {
    params,
    query: new QueryParameters(target.rawQuery),
    body: parsedBody.value,
    caller,
    exchange: context.exchange,
    context,
  });

  if (route.placesOrder && reply.status === 200) {
    const lost = context.faults.lostOrderResponse();
    if (lost === 'destroy-socket') {
      // The order is in the book; the client only sees its connection reset.
      request.socket.destroy();
      return;
    }
    if (lost === 'gateway-error') {
      await respondLater(context, response, errors.gatewayTimeout);
      return;
    }
    if (context.faults.garbageOrderResponse()) {
      // The order is in the book; the client gets a 200 it cannot read.
      sendText(response, 200, 'text/html; charset=utf-8', '<html>OK</html>');
      return;
    }
  }
  return respondLater(context, response, reply);
}

function runRoute(
  context: ServerContext,
  protocol: RestProtocol,
  route: Route,
  routeRequest: Parameters<Route['handle']>[0],
): Reply {
  try {
    return route.handle(routeRequest);
  } catch (error) {
    context.log(`internal error in ${route.method} ${route.path}: ${describeError(error)}`);
    return protocol.errors.internalError;
  }
}

/** Bodies of POST and DELETE are JSON; a GET body is ignored (clients send `{}` with GET /time). */
function parseJsonBody(
  method: string,
  bytes: Buffer,
): { ok: true; value: unknown } | { ok: false; error: unknown } {
  if (method === 'GET' || bytes.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Answers requests Node's HTTP parser rejects (oversized headers, garbage) with a JSON error and
 * closes the connection, instead of Node's bodiless default.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || (error.code === 'ECONNRESET' && socket.destroyed)) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'Request header fields too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'Request timeout']
        : [400, 'Bad Request', 'Bad request'];
  const body = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
