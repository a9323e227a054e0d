import type { Server, Socket } from 'node:net';

/** The connections a stand-in has been given: how many were opened, and the most open at once. */
export class ConnectionWatch {
  opened = 0;
  mostAtOnce = 0;
  private open = 0;

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.opened += 1;
      this.open += 1;
      this.mostAtOnce = Math.max(this.mostAtOnce, this.open);
      socket.once('close', () => (this.open -= 1));
    });
  }

  /** Counts from now on; connections already open still count as open. */
  reset(): void {
    this.opened = 0;
    this.mostAtOnce = this.open;
  }
}
