import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdvancedTradeRequest, isAdvancedTradePath } from './advanced-trade/pipeline.js';
import { verifyRestRequest } from './auth.js';
import type { ServerContext } from './context.js';
import { describeError } from './describe-error.js';
import { rateLimitMessages } from './rate-limits.js';
import { failure, notFound } from './replies.js';
import { respondLater, sendJson, sendText } from './reply-writer.js';
import { QueryParameters, readBody, splitTarget, unsupportedContentType } from './request.js';
import { anonymousCaller, type Reply, type Route, Router } from './router.js';
import { allRoutes } from './routes/index.js';

/**
 * The REST request pipeline: read the body (bounded), route, inject request faults, authenticate,
 * check permissions and rate limits, run the route, and write Coinbase-shaped JSON. A bug in one
 * request is caught, logged and answered with a 500; it never reaches the process.
 */
export function createRequestListener(
  context: ServerContext,
): (request: IncomingMessage, response: ServerResponse) => void {
  const router = new Router(allRoutes);
  return (request, response) => {
    handleRequest(context, router, request, response).catch((error: unknown) => {
      context.log(
        `internal error on ${request.method} ${splitTarget(request.url ?? '/').path}: ${describeError(error)}`,
      );
      if (!response.headersSent) sendJson(response, failure(500, 'Internal server error'));
      else response.destroy();
    });
  };
}

async function handleRequest(
  context: ServerContext,
  router: Router,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const target = splitTarget(request.url ?? '/');
  const method = request.method ?? 'GET';
  const body = await readBody(request, context.limits.maxBodyBytes);
  if (!body.ok) {
    if (body.reason === 'aborted') {
      response.destroy();
      return;
    }
    // The rest of an oversized body is never read: close the connection after answering.
    response.setHeader('Connection', 'close');
    sendJson(
      response,
      failure(413, `Request body too large: the limit is ${context.limits.maxBodyBytes} bytes`),
    );
    return;
  }
  if (isAdvancedTradePath(target.path)) {
    return handleAdvancedTradeRequest(context, request, response, target, method, body.bytes);
  }
  const match = router.match(method, target.path);
  if (!match) {
    sendJson(response, notFound);
    return;
  }
  const { route, params } = match;
  const ip = request.socket.remoteAddress ?? 'unknown';

  const requestFault = context.faults.requestFault();
  if (requestFault.kind === 'server-error') {
    await respondLater(context, response, failure(requestFault.status, requestFault.message));
    return;
  }
  if (requestFault.kind === 'rate-limited') {
    const message = rateLimitMessages[route.access.kind === 'public' ? 'public' : 'private'];
    await respondLater(context, response, failure(429, message));
    return;
  }

  let caller = anonymousCaller;
  if (route.access.kind === 'public') {
    // Public routes ignore auth headers entirely, even empty or wrong ones (bennycode signs everything).
    if (context.rateLimiter && !context.rateLimiter.take('public', ip)) {
      sendJson(response, failure(429, rateLimitMessages.public));
      return;
    }
  } else {
    if (context.faults.echoHeaders()) {
      // A misbehaving gateway in front of the exchange: it refuses and echoes what it received.
      await respondLater(
        context,
        response,
        failure(400, `Bad request at the gateway; request headers: ${JSON.stringify(request.headers)}`),
      );
      return;
    }
    const outcome = verifyRestRequest(
      { headers: request.headers, method, rawTarget: target.raw, rawBody: body.bytes },
      context.keys,
      context.wallClock(),
      context.auth,
    );
    if (!outcome.ok) {
      sendJson(response, failure(outcome.status, outcome.message));
      return;
    }
    caller = outcome.record.caller;
    if (context.rateLimiter && !context.rateLimiter.take(route.access.bucket, outcome.record.apiKey)) {
      sendJson(response, failure(429, rateLimitMessages[route.access.bucket]));
      return;
    }
    if (!caller.permissions.has(route.access.permission)) {
      sendJson(response, failure(403, 'Forbidden'));
      return;
    }
  }

  const unsupported = unsupportedContentType(method, request.headers['content-type'], body.bytes);
  if (unsupported !== undefined) {
    sendJson(response, failure(415, unsupported));
    return;
  }
  const parsedBody = parseJsonBody(method, body.bytes);
  if (!parsedBody.ok) {
    sendJson(response, parsedBody.reply);
    return;
  }
  if (route.placesOrder) {
    // A queueing matching engine: the order lands only after the wait (a lookup meanwhile finds nothing).
    const holdMs = context.faults.slowPlacementDelayMs();
    if (holdMs > 0) await sleep(holdMs);
  }
  const reply = runRoute(context, route, {
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
      await respondLater(context, response, failure(504, 'Gateway Timeout'));
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

function runRoute(context: ServerContext, route: Route, routeRequest: Parameters<Route['handle']>[0]): Reply {
  try {
    return route.handle(routeRequest);
  } catch (error) {
    context.log(`internal error in ${route.method} ${route.path}: ${describeError(error)}`);
    return failure(500, 'Internal server error');
  }
}

/** Bodies of POST and DELETE are JSON; a GET body is ignored (clients send `{}` with GET /time). */
function parseJsonBody(
  method: string,
  bytes: Buffer,
): { ok: true; value: unknown } | { ok: false; reply: Reply } {
  if (method === 'GET' || bytes.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch (error) {
    return { ok: false, reply: failure(400, error instanceof Error ? error.message : 'Malformed JSON') };
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
