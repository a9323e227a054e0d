import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { tracedCall } from '../telemetry/signals';

/** An attempt that outlived its time limit (named as fetch names it, so callers read one name). */
class AttemptTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * The `code` of a timeout that struck before the request had a connection: it still waited for a
 * free one (see `CONNECTIONS_PER_PEER`) or its new one was not up, so the peer got nothing. Once it
 * has one, a timeout may come after the peer acted, and says only that no answer came.
 */
export const NOT_SENT_IN_TIME = 'CONNECTION_WAIT_TIMEOUT';

/** A timeout before the request left (see `NOT_SENT_IN_TIME`). */
class NotSentInTimeError extends AttemptTimeoutError {
  readonly code = NOT_SENT_IN_TIME;
}

export interface HttpExchange {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** The whole attempt: waiting for a free connection, connecting, sending and reading the answer. */
  timeoutMs: number;
  /** Who did not answer, for the timeout's message ("Graph", "Teams"). */
  peer: string;
}

/**
 * Connections open at once to one peer; more exchanges wait their turn. Each connection holds its
 * own native buffers (a TLS one about 100 KB): unbounded, 100 organizers sending at once kept ~100
 * connections to Graph and as many to Teams.
 */
const CONNECTIONS_PER_PEER = 16;

/** An answer, read whole. */
export type HttpAnswer = IncomingMessage & { body: Buffer };

/**
 * The connections to every peer, shared by every `KeepAliveHttp`: Graph's client, the Teams
 * updates and both msal clients each have one, and the bound holds per peer for the whole process.
 */
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: CONNECTIONS_PER_PEER }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: CONNECTIONS_PER_PEER }),
};

/**
 * The app's outbound HTTP to Graph, Entra and the Teams connector: Node's own http(s) over
 * keep-alive connections. Measured per call: Node 20's fetch costs about four times the CPU of
 * http.request, and botframework-connector's pipeline about three times.
 */
export class KeepAliveHttp {
  exchange(url: URL, exchange: HttpExchange): Promise<HttpAnswer> {
    return tracedCall(
      exchange.peer,
      exchange.method,
      url,
      () => this.attempt(url, exchange),
      (answer) => answer.statusCode,
    );
  }

  private attempt(url: URL, { method, headers, body, timeoutMs, peer }: HttpExchange): Promise<HttpAnswer> {
    const plain = url.protocol === 'http:';
    const send = plain ? httpRequest : httpsRequest;
    const agent = plain ? agents.http : agents.https;
    return new Promise((resolve, reject) => {
      const outgoing = send(url, { method, headers, agent }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          clearTimeout(timer);
          resolve(Object.assign(incoming, { body: Buffer.concat(chunks) }));
        });
        incoming.on('error', fail);
      });
      // The peer has nothing while the request waits in the agent's queue or its new connection is
      // not up yet (TLS: handshaken); a kept-alive connection carries it at once.
      let connected = false;
      outgoing.once('socket', (socket) => {
        if (!socket.connecting) connected = true;
        else socket.once(plain ? 'connect' : 'secureConnect', () => (connected = true));
      });
      const timer = setTimeout(() => {
        const within = `within ${timeoutMs} ms`;
        outgoing.destroy(
          connected
            ? new AttemptTimeoutError(`No answer from ${peer} ${within}`)
            : new NotSentInTimeError(`No connection to ${peer} ${within}`),
        );
      }, timeoutMs);
      function fail(error: Error): void {
        clearTimeout(timer);
        reject(error);
      }
      outgoing.on('error', fail);
      outgoing.end(body);
    });
  }
}
