// An SMS provider of the test's own, speaking Semaphore's `POST /api/v4/messages` (form or JSON: apikey, number,
// message, sendername): it accepts, or answers a number's next requests as a test scripts (an HTTP status, or a
// timeout: it reads the request and never answers), and can go down (connection refused) and come back on its port.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedSms {
  apikey: string | undefined;
  number: string | undefined;
  message: string | undefined;
  sendername: string | undefined;
  /** The status it answered, or `timeout`. */
  answer: number | 'timeout';
}

export type SmsAnswer = number | 'timeout';

export class FakeSmsProvider {
  /** Every request, in order, whatever it was answered. */
  readonly requests: ReceivedSms[] = [];
  private readonly scripted = new Map<string, SmsAnswer[]>();
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  private port = 0;
  private isUp = false;
  private nextId = 1;

  private constructor() {}

  static async start(): Promise<FakeSmsProvider> {
    const provider = new FakeSmsProvider();
    await provider.listen();
    return provider;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/v4/messages`;
  }

  /** The next requests to `number` (as sent: 639171234567) get these answers, then 200 again. */
  answer(number: string, ...answers: SmsAnswer[]): void {
    this.scripted.set(number, [...(this.scripted.get(number) ?? []), ...answers]);
  }

  /** The messages the provider accepted (2xx) for a number. */
  acceptedFor(number: string): ReceivedSms[] {
    return this.requests.filter((r) => r.number === number && typeof r.answer === 'number' && r.answer < 300);
  }

  /** The requests for a number, from the `since`-th request the provider read on (all of them by default). */
  requestsFor(number: string, since = 0): ReceivedSms[] {
    return this.requests.slice(since).filter((r) => r.number === number);
  }

  /** Stops listening and cuts every open connection: clients now get "connection refused". */
  async down(): Promise<void> {
    if (!this.isUp) return;
    this.isUp = false;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  async up(): Promise<void> {
    if (!this.isUp) await this.listen();
  }

  async stop(): Promise<void> {
    await this.down();
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.isUp = true;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const fields: Record<string, string | undefined> = (req.headers['content-type'] ?? '').includes('json')
      ? JSON.parse(text || '{}')
      : Object.fromEntries(new URLSearchParams(text));
    const answer = (fields.number && this.scripted.get(fields.number)?.shift()) || 200;
    this.requests.push({ apikey: fields.apikey, number: fields.number, message: fields.message, sendername: fields.sendername, answer });
    // Read, and never answered: the client's timeout decides.
    if (answer === 'timeout') return;
    const id = this.nextId++;
    const body =
      answer < 300
        ? [{ message_id: id, recipient: fields.number, message: fields.message, sender_name: fields.sendername ?? 'SEMAPHORE', status: 'Pending' }]
        : { error: answer === 429 ? 'Too many requests' : `Error ${answer}` };
    res.writeHead(answer, { 'content-type': 'application/json', ...(answer === 429 ? { 'retry-after': '0' } : {}) });
    res.end(JSON.stringify(body));
  }
}
