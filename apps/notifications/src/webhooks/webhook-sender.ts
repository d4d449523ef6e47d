// One delivery attempt over node:http(s) — not the global fetch, which ignores agents and lookups: through the
// guard's lookup, the connected address checked again, never following a redirect, bounded by WEBHOOK_TIMEOUT_MS, and
// keeping the first 4 KB of the answer for the delivery log.
import http from 'node:http';
import https from 'node:https';
import { isIP, Socket } from 'node:net';
import { hostOf, RefusedTargetError, WebhookTargets } from './webhook-targets';

export const REPLY_BYTES = 4096;

export type WebhookOutcome =
  /** A 2xx. */
  | { kind: 'sent'; status: number; reply: string }
  /** 410 Gone: the receiver says the endpoint is no more; it is disabled. */
  | { kind: 'gone'; status: number; reply: string }
  /** Anything else — another status, a redirect, a timeout, a refused or failed connection — is tried again. */
  | { kind: 'retry'; status: number | null; reply: string; retryAfter?: string };

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export class WebhookSender {
  constructor(
    private readonly targets: WebhookTargets,
    private readonly timeoutMs: number,
  ) {}

  async send(request: WebhookRequest): Promise<WebhookOutcome> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { kind: 'retry', status: null, reply: 'the endpoint URL cannot be read' };
    }
    const protocol = url.protocol === 'http:' ? 'http:' : 'https:';
    const host = hostOf(url);
    // An address in the URL is connected to without a lookup: checked here (and again once connected).
    const literalRefusal = isIP(host) ? this.targets.refusal(host, protocol) : undefined;
    if (literalRefusal) return { kind: 'retry', status: null, reply: `refused: ${literalRefusal}` };
    try {
      return await this.post(url, protocol, request);
    } catch (error) {
      return { kind: 'retry', status: null, reply: describe(error, this.timeoutMs) };
    }
  }

  private post(url: URL, protocol: 'http:' | 'https:', request: WebhookRequest): Promise<WebhookOutcome> {
    return new Promise((resolve, reject) => {
      const client = protocol === 'http:' ? http : https;
      const req = client.request(url, {
        method: 'POST',
        agent: false,
        lookup: this.targets.lookupFor(protocol),
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': 'wedding-coordinator-webhooks/1',
        },
      });
      const timer = setTimeout(() => req.destroy(new TimeoutError()), this.timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        settle();
      };
      req.on('socket', (socket: Socket) => {
        socket.once('connect', () => {
          // The address actually connected to, whatever resolved it: the last word before a byte is written.
          const refusal = socket.remoteAddress ? this.targets.refusal(socket.remoteAddress, protocol) : 'no remote address';
          if (refusal) req.destroy(new RefusedTargetError(`refused: ${refusal}`));
        });
      });
      req.on('error', (error) => done(() => reject(error)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () =>
          done(() => {
            const status = res.statusCode ?? 0;
            const reply = Buffer.concat(chunks).subarray(0, REPLY_BYTES).toString('utf8').replace(/\0/g, '');
            if (status >= 200 && status < 300) resolve({ kind: 'sent', status, reply });
            else if (status === 410) resolve({ kind: 'gone', status, reply });
            else if (status >= 300 && status < 400) resolve({ kind: 'retry', status, reply: `a redirect (${status}) is not followed` });
            else resolve({ kind: 'retry', status, reply, retryAfter: header(res.headers['retry-after']) });
            res.destroy();
          });
        res.on('data', (chunk: Buffer) => {
          if (size >= REPLY_BYTES) return;
          chunks.push(chunk);
          size += chunk.length;
          // Enough for the log: the rest of a long answer is not waited for.
          if (size >= REPLY_BYTES) finish();
        });
        res.on('end', finish);
        res.on('error', (error) => done(() => reject(error)));
      });
      req.end(request.body);
    });
  }
}

class TimeoutError extends Error {}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof TimeoutError) return `no answer within ${timeoutMs} ms`;
  if (error instanceof RefusedTargetError) return error.message;
  const e = error as NodeJS.ErrnoException;
  return (e.code ? `${e.code}: ${e.message}` : String(e.message ?? error)).slice(0, 500);
}
