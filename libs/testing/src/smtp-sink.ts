// A real SMTP server in the test process (smtp-server), reading what arrives with mailparser: it accepts, answers a
// recipient's next messages with the codes a test scripts (451, 550, …), can answer late (a conversation kept in
// flight), and can go down and come back on its port.
import type { Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  /** Angle brackets included, as in the header. */
  messageId: string | undefined;
  /** The X-Notification-Id header. */
  notificationId: string | undefined;
  /** The envelope's recipients (RCPT TO). */
  recipients: string[];
  from: string | undefined;
  replyTo: string | undefined;
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  headers: Map<string, unknown>;
  attachments: { filename: string | undefined; contentType: string; content: Buffer }[];
}

/** The answer to a message's DATA: 250 accepts it; any other code refuses it with that code. */
const REPLIES: Record<number, string> = {
  421: '4.3.2 Service shutting down, try again later',
  450: '4.2.1 Mailbox busy, try again later',
  451: '4.7.1 Greylisted, please try again later',
  452: '4.2.2 Mailbox full',
  550: '5.1.1 Mailbox unavailable: no such user',
  552: '5.3.4 Message too big',
  554: '5.7.1 Message rejected',
};

export class SmtpSink {
  readonly received: ReceivedEmail[] = [];
  /** Every DATA the sink answered, refused ones included, in order. */
  readonly answered: { recipients: string[]; code: number; messageId: string | undefined }[] = [];
  private readonly scripted = new Map<string, number[]>();
  private readonly sockets = new Set<Socket>();
  private server!: SMTPServer;
  private port = 0;
  private isUp = false;
  private answerDelayMs = 0;

  private constructor() {}

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    sink.server = new SMTPServer({
      authOptional: true,
      // The services would upgrade to TLS with our self-signed certificate and refuse it; a real server is tested
      // over plain SMTP here, like the development mail server.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => void sink.take(Buffer.concat(chunks), session.envelope.rcptTo.map((r) => r.address.toLowerCase()), callback));
      },
    });
    sink.server.on('error', () => undefined);
    sink.server.server.on('connection', (socket: Socket) => {
      sink.sockets.add(socket);
      socket.on('close', () => sink.sockets.delete(socket));
    });
    await sink.listen();
    return sink;
  }

  /** For SMTP_URL. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The next messages to `recipient` are answered with these codes, one per message; then 250 again. */
  answer(recipient: string, ...codes: number[]): void {
    const key = recipient.toLowerCase();
    this.scripted.set(key, [...(this.scripted.get(key) ?? []), ...codes]);
  }

  /** Every message's DATA is answered this long after it arrived (0: at once); refused or accepted, it counts then. */
  answerAfter(ms: number): void {
    this.answerDelayMs = ms;
  }

  /** What arrived for this recipient (accepted messages only). */
  receivedBy(recipient: string): ReceivedEmail[] {
    return this.received.filter((email) => email.recipients.includes(recipient.toLowerCase()));
  }

  /** Every DATA answered for this recipient, refused ones included. */
  attemptsFor(recipient: string): number {
    return this.answered.filter((a) => a.recipients.includes(recipient.toLowerCase())).length;
  }

  /** Stops listening and cuts every open connection: clients now get "connection refused". */
  async down(): Promise<void> {
    if (!this.isUp) return;
    this.isUp = false;
    await new Promise<void>((resolve) => {
      this.server.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  /** Listens again, on the same port. */
  async up(): Promise<void> {
    if (!this.isUp) await this.listen();
  }

  async stop(): Promise<void> {
    await this.down();
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.server.listen(this.port, '127.0.0.1', () => {
        this.server.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.server.address() as { port: number }).port;
    this.isUp = true;
  }

  private async take(raw: Buffer, recipients: string[], callback: (error?: Error | null, message?: string) => void) {
    const parsed = await simpleParser(raw);
    if (this.answerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.answerDelayMs));
    const codes = recipients.map((r) => this.scripted.get(r)?.shift()).filter((code): code is number => code !== undefined);
    const code = codes.find((c) => c >= 500) ?? codes.find((c) => c >= 400) ?? 250;
    this.answered.push({ recipients, code, messageId: parsed.messageId });
    if (code !== 250) {
      callback(Object.assign(new Error(REPLIES[code] ?? 'refused'), { responseCode: code }));
      return;
    }
    const header = parsed.headers.get('x-notification-id');
    this.received.push({
      messageId: parsed.messageId,
      notificationId: typeof header === 'string' ? header : undefined,
      recipients,
      from: parsed.from?.value[0]?.address,
      replyTo: parsed.replyTo?.value[0]?.address,
      subject: parsed.subject,
      text: parsed.text,
      html: parsed.html || undefined,
      headers: parsed.headers as Map<string, unknown>,
      attachments: parsed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    });
    callback(null, 'OK: queued');
  }
}
