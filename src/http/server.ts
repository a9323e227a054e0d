import type { Messages } from '../domain/messages';
import { wordsFor } from './requestWords';
import type { Logger } from 'pino';
import restify, { type Next, type Request, type Response, type Route } from 'restify';
import { meetingIdProblem } from '../domain/meetingIds';
import { errorEnvelope, refuseField } from './errors';
import { asyncHandler, pathParam } from './requests';
import { startInbound } from '../telemetry/signals';

const MAX_BODY_BYTES = 64 * 1024;

/** Starts listening; resolves with the port actually taken (0 asks for a free one). */
/** A port another process holds: said in one line, with the setting that moves it. */
export class PortInUse extends Error {}

/** Listens on `host:port`; `setting` names what moves the port when another process holds it. */
export async function listen(server: restify.Server, port: number, host: string, setting = 'PORT'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUse(`Port ${port} on ${host} is already in use: stop what uses it, or set ${setting} to a free port.`)
          : error,
      );
    server.once('error', failed);
    server.listen(port, host, () => {
      server.removeListener('error', failed);
      resolve();
    });
  });
  return server.address().port;
}

/** Stops at once: open keep-alive connections are closed rather than waited for. */
export async function closeServer(server: restify.Server): Promise<void> {
  server.server.closeAllConnections();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
  });
}

function clientErrorMessage(status: number, message: string, say: Messages): string {
  return status === 413 ? say.rest.tooLarge(MAX_BODY_BYTES / 1024) : message;
}

/**
 * No client of ours compresses what it sends (Teams, the side panel, Graph-style clients), and an
 * encoded body is where restify's reader crashes and where a small upload inflates past any limit:
 * such a body is refused before a byte of it is read (RFC 7694: 415 with Accept-Encoding).
 */
function refuseEncodedBodies(req: Request, res: Response, next: Next): void {
  const encoding = req.headers['content-encoding'];
  if (encoding === undefined) {
    next();
    return;
  }
  if (encoding.trim().toLowerCase() === 'identity') {
    // "identity" means no encoding; restify's reader would refuse the header itself.
    delete req.headers['content-encoding'];
    next();
    return;
  }
  res.header('Accept-Encoding', 'identity');
  res.send(415, errorEnvelope('unsupportedMediaType', wordsFor(req).rest.encoded, req.getId()));
  next(false);
}

/** A span per request, named by its route template (never its path: ids and numbers stay out). */
function traceRequests(req: Request, res: Response, next: Next): void {
  const inbound = startInbound(req.method ?? 'GET', req.headers);
  // Unrouted (404, refused before routing): no route, and the path is not said.
  res.once('close', () => inbound.end((req.getRoute() as Route | null)?.path.toString(), res.statusCode));
  inbound.run(() => next(), [req, res]);
}

/** Every route with an `:onlineMeetingId` gets a usable one, or a 400 saying what it must be. */
function refuseBadMeetingIds(req: Request, res: Response, next: Next): void {
  const hasMeetingId = (req.params as Record<string, unknown> | undefined)?.onlineMeetingId !== undefined;
  const problem = hasMeetingId ? meetingIdProblem(pathParam(req, 'onlineMeetingId'), wordsFor(req)) : undefined;
  if (!problem) {
    next();
    return;
  }
  refuseField(req, res, 'onlineMeetingId', problem);
  next(false);
}

/** The HTTP server every surface hangs off: JSON bodies up to 64 KiB, Graph-style errors everywhere. */
export function createHttpServer(
  logger: Logger,
  ready: { storage: () => Promise<boolean>; identity: () => Promise<boolean> },
): restify.Server {
  const options = {
    name: 'appointment-sms',
    log: logger,
    // Graph meeting ids are ~140 characters; restify's router (find-my-way) stops at 100 by default.
    maxParamLength: 2048,
  };
  // restify 11 logs with pino; @types/restify still describes its bunyan logger and no maxParamLength.
  const server = restify.createServer(options as unknown as restify.ServerOptions);
  server.pre(traceRequests);
  server.pre(refuseEncodedBodies);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(refuseBadMeetingIds);
  server.use(restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES }));
  server.on(
    'restifyError',
    (req: Request, _res: Response, error: Error & { statusCode?: number; body?: { code?: string } }, callback: () => void) => {
      const status = error.statusCode ?? 500;
      // A 500 is our fault: the admin gets the exception in the log, the caller never sees its text.
      if (status >= 500)
        logger.error(
          { err: { name: error.name, message: error.message, stack: error.stack }, requestId: req.getId(), path: req.getPath() },
          'request failed',
        );
      const say = wordsFor(req);
      const { code, message } =
        status >= 500
          ? { code: 'internalError', message: say.rest.internalError }
          : { code: error.body?.code ?? 'invalidRequest', message: clientErrorMessage(status, error.message, say) };
      Object.assign(error, { toJSON: () => errorEnvelope(code, message, req.getId()) });
      callback();
    },
  );
  server.get('/healthz', (_req: Request, res: Response, next: Next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.get(
    '/readyz',
    asyncHandler(async (_req: Request, res: Response) => {
      // Storage (every send is recorded first) and Entra's signing keys (every request is checked with them).
      const [storage, identity] = await Promise.all([ready.storage().catch(() => false), ready.identity().catch(() => false)]);
      const isReady = storage && identity;
      res.send(isReady ? 200 : 503, {
        status: isReady ? 'ready' : 'not ready',
        checks: { configuration: 'ok', storage: storage ? 'ok' : 'unreachable', identity: identity ? 'ok' : 'unreachable' },
      });
    }),
  );
  return server;
}
