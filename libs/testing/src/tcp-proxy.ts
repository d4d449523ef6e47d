// A TCP proxy the test controls, to cut a service off from PostgreSQL or RabbitMQ without stopping the server, or to
// make the server fall silent (a network that drops packets): connections stay open and nothing gets through.
import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';

export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private readonly pairs = new Set<[Socket, Socket]>();
  private cut = false;
  /** While frozen: connections accepted and held, their upstream connected on restore. */
  private held: (() => void)[] | undefined;

  private constructor(private readonly server: Server) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server);
    server.on('connection', (client) => proxy.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The URL with its host and port replaced by the proxy's. */
  url(targetUrl: string): string {
    const url = new URL(targetUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /** Drops every open connection and every new one until `restore`: the far side looks down. */
  cutOff(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /** Until `restore`: open connections carry nothing either way and new ones are accepted but go nowhere. */
  freeze(): void {
    if (this.held) return;
    this.held = [];
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  restore(): void {
    this.cut = false;
    const held = this.held;
    this.held = undefined;
    if (!held) return;
    for (const [client, upstream] of this.pairs) client.pipe(upstream).pipe(client);
    for (const connect of held) connect();
  }

  async close(): Promise<void> {
    this.cutOff();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    if (this.cut) {
      client.destroy();
      return;
    }
    if (this.held) {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => undefined);
      this.held.push(() => !client.destroyed && this.accept(client, target));
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    upstream.on('close', () => this.pairs.delete(pair));
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  }
}
