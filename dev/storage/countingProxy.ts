import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What reached storage: requests, and entries its listings returned. */
export interface StorageCount {
  requests: number;
  listed: number;
}

/**
 * A plain HTTP proxy in front of Azurite that counts what the app asks of storage: every request,
 * and the entries each listing (`comp=list`) answers with. Point a connection string's
 * BlobEndpoint at `url` instead of Azurite's.
 */
export class CountingStorageProxy {
  private server?: Server;
  private count: StorageCount = { requests: 0, listed: 0 };
  url = '';

  constructor(private readonly target: URL) {}

  async start(): Promise<string> {
    this.server = createServer((incoming, outgoing) => {
      this.count.requests += 1;
      const listing = /[?&]comp=list/.test(incoming.url ?? '');
      const forwarded = request(
        { host: this.target.hostname, port: this.target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer: IncomingMessage) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => {
            if (listing) chunks.push(chunk);
            outgoing.write(chunk);
          });
          answer.on('end', () => {
            if (listing)
              this.count.listed += (
                Buffer.concat(chunks)
                  .toString('utf8')
                  .match(/<Blob>/g) ?? []
              ).length;
            outgoing.end();
          });
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      incoming.pipe(forwarded);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** The count since the last `reset`. */
  counted(): StorageCount {
    return { ...this.count };
  }

  reset(): void {
    this.count = { requests: 0, listed: 0 };
  }

  /** What `work` asked of storage (nothing else should be using the proxy meanwhile). */
  async measure(work: () => Promise<unknown>): Promise<StorageCount> {
    this.reset();
    await work();
    return this.counted();
  }

  /** `connectionString` with its blob endpoint through this proxy (same account path). */
  through(connectionString: string): string {
    return connectionString.replace(/BlobEndpoint=http:\/\/[^/;]+/, `BlobEndpoint=${this.url}`);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
