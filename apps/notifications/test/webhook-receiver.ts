// A webhook receiver of the test's own on 127.0.0.1: records every request (path, headers, exact body, time) and
// answers each path by its script (status, headers, delay), then 200 once the script is used up.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Before answering: longer than WEBHOOK_TIMEOUT_MS is a timeout. */
  delayMs?: number;
}

export class WebhookReceiver {
  readonly received: ReceivedRequest[] = [];
  /** The most requests of one path that were ever open at once. */
  readonly maxInFlight = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly scripts = new Map<string, ScriptedAnswer[]>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = http.createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (req, res) => receiver.handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return receiver;
  }

  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  answer(path: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(path, answers);
  }

  at(path: string): ReceivedRequest[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    const open = (this.inFlight.get(req.url ?? '/') ?? 0) + 1;
    this.inFlight.set(req.url ?? '/', open);
    this.maxInFlight.set(req.url ?? '/', Math.max(open, this.maxInFlight.get(req.url ?? '/') ?? 0));
    res.on('close', () => this.inFlight.set(req.url ?? '/', (this.inFlight.get(req.url ?? '/') ?? 1) - 1));
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = this.scripts.get(path)?.shift() ?? { status: 200, body: 'ok' };
      const reply = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  }
}
