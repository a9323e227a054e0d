import type { Server } from 'node:http';

/**
 * Microsoft's front doors (Graph, Entra, the Bot Framework) keep idle connections open for minutes,
 * not Node's 5 seconds. A stand-in closing them at 5 s resets a connection the client reuses just
 * then: a failure the real service does not cause, and one a busy machine makes likely.
 */
export function keepIdleConnectionsOpen(server: Server): void {
  server.keepAliveTimeout = 120_000;
}
